using PointsExchange.Contracts.V1;
using PointsExchange.Grains;
using PointsExchange.Ledger;

namespace PointsExchange.Server.Services;

/// <summary>Validates wire requests field by field and turns them into grain requests.</summary>
internal static class OrderRequests
{
    public static OrderRequest Place(PlaceOrderRequest r, PairInfo pair, long accountId)
    {
        var side = r.Side switch
        {
            Side.Buy => Matching.Side.Buy,
            Side.Sell => Matching.Side.Sell,
            _ => throw Check.Invalid("side", "must be BUY or SELL"),
        };
        var type = r.Type switch
        {
            OrderType.Limit => Matching.OrderType.Limit,
            OrderType.Market => Matching.OrderType.Market,
            _ => throw Check.Invalid("type", "must be LIMIT or MARKET"),
        };
        var tif = r.TimeInForce switch
        {
            TimeInForce.Unspecified or TimeInForce.Gtc => Matching.TimeInForce.Gtc,
            TimeInForce.Ioc => Matching.TimeInForce.Ioc,
            TimeInForce.Fok => Matching.TimeInForce.Fok,
            _ => throw Check.Invalid("time_in_force", "must be GTC, IOC or FOK"),
        };
        if (type == Matching.OrderType.Market && tif == Matching.TimeInForce.Gtc)
        {
            tif = Matching.TimeInForce.Ioc;
        }

        if (r.PostOnly && (type != Matching.OrderType.Limit || tif != Matching.TimeInForce.Gtc))
        {
            throw Check.Invalid("post_only", "only a LIMIT GTC order can be post-only");
        }

        CheckPriceAndQuantity(pair, r.Price, r.Quantity, "price", "quantity", type == Matching.OrderType.Market ? " (a MARKET order's protection price)" : "");
        return new OrderRequest
        {
            PairId = pair.PairId,
            AccountId = accountId,
            CommandType = (byte)Matching.CommandType.Place,
            Side = (byte)side,
            OrderType = (byte)type,
            TimeInForce = (byte)tif,
            PostOnly = r.PostOnly,
            SelfTradePrevention = Stp(r.StpMode),
            Price = r.Price,
            Quantity = r.Quantity,
            ClientOrderId = r.ClientOrderId.Length == 0 ? null : Check.Text(r.ClientOrderId, "client_order_id", 1, 64),
        };
    }

    public static OrderRequest Replace(ReplaceOrderRequest r, PairInfo pair, OrderRecord existing)
    {
        CheckPriceAndQuantity(pair, r.NewPrice, r.NewQuantity, "new_price", "new_quantity", "");
        return new OrderRequest
        {
            PairId = pair.PairId,
            AccountId = existing.AccountId,
            CommandType = (byte)Matching.CommandType.Replace,
            OrderId = existing.OrderId,
            Side = (byte)existing.Side,
            OrderType = (byte)existing.Type,
            TimeInForce = (byte)existing.TimeInForce,
            PostOnly = existing.PostOnly,
            SelfTradePrevention = (byte)existing.Stp,
            Price = r.NewPrice,
            Quantity = r.NewQuantity,
            ClientOrderId = r.NewClientOrderId.Length == 0 ? null : Check.Text(r.NewClientOrderId, "new_client_order_id", 1, 64),
        };
    }

    private static void CheckPriceAndQuantity(PairInfo pair, long price, long quantity, string priceField, string quantityField, string note)
    {
        Check.Positive(price, priceField);
        if (price % pair.TickSize != 0)
        {
            throw Check.Invalid(priceField, $"{price} is not a multiple of {pair.Symbol}'s tick_size {pair.TickSize}{note}");
        }

        Check.Positive(quantity, quantityField);
        if (quantity < pair.MinQuantity)
        {
            throw Check.Invalid(quantityField, $"{quantity} lots is below {pair.Symbol}'s min_quantity {pair.MinQuantity}");
        }

        if (quantity > long.MaxValue / price || quantity > long.MaxValue / pair.LotSize)
        {
            throw Check.Invalid(quantityField, $"{quantity} lots at {price} overflows: quantity * price and quantity * lot_size must fit 64 bits");
        }
    }

    private static byte Stp(SelfTradePrevention mode) => mode switch
    {
        SelfTradePrevention.Unspecified or SelfTradePrevention.ExpireMaker => (byte)Matching.SelfTradePrevention.ExpireMaker,
        SelfTradePrevention.ExpireTaker => (byte)Matching.SelfTradePrevention.ExpireTaker,
        SelfTradePrevention.ExpireBoth => (byte)Matching.SelfTradePrevention.ExpireBoth,
        _ => throw Check.Invalid("stp_mode", "must be EXPIRE_MAKER, EXPIRE_TAKER or EXPIRE_BOTH"),
    };
}
