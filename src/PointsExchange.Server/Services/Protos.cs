using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using PointsExchange.Contracts.V1;
using PointsExchange.Ledger;
using LedgerOrderStatus = PointsExchange.Ledger.OrderStatus;
using OrderStatus = PointsExchange.Contracts.V1.OrderStatus;

namespace PointsExchange.Server.Services;

/// <summary>From the ledger's and the engine's values to the wire's messages.</summary>
internal static class Protos
{
    public static Pair ToProto(this PairInfo p) => new()
    {
        Symbol = p.Symbol,
        Base = p.BaseCode,
        Quote = p.QuoteCode,
        LotSize = p.LotSize,
        TickSize = p.TickSize,
        MinQuantity = p.MinQuantity,
        MakerFeeBps = p.MakerFeeBps,
        TakerFeeBps = p.TakerFeeBps,
        Status = p.Halted ? PairStatus.Halted : PairStatus.Trading,
    };

    /// <summary>price / lot_size, exactly, as a decimal string (display only; integers everywhere else).</summary>
    public static string Rate(long price, long lotSize) =>
        price == 0 ? "0" : (price / (decimal)lotSize).ToString("0.############", CultureInfo.InvariantCulture);

    public static Timestamp Time(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static Timestamp TimeFromMicros(long micros) => Time(SettlementPlanner.ToUtc(micros));

    public static Order ToProto(this OrderRecord o, PairInfo pair) => new()
    {
        OrderId = o.OrderId,
        ClientOrderId = o.ClientOrderId ?? "",
        Symbol = pair.Symbol,
        Side = (Side)o.Side,
        Type = (OrderType)o.Type,
        TimeInForce = (TimeInForce)o.TimeInForce,
        PostOnly = o.PostOnly,
        StpMode = (SelfTradePrevention)o.Stp,
        Price = o.Price,
        Quantity = o.Quantity,
        FilledQuantity = o.Filled,
        Status = o.Status switch
        {
            LedgerOrderStatus.New => OrderStatus.New,
            LedgerOrderStatus.PartiallyFilled => OrderStatus.PartiallyFilled,
            LedgerOrderStatus.Filled => OrderStatus.Filled,
            LedgerOrderStatus.Cancelled => OrderStatus.Cancelled,
            _ => OrderStatus.Expired,
        },
        CreatedAt = Time(o.CreatedAt),
        UpdatedAt = Time(o.UpdatedAt),
        Rate = Rate(o.Price, pair.LotSize),
    };

    public static Fill ToProto(this FillRecord f, PairInfo pair) => new()
    {
        TradeId = f.TradeId,
        OrderId = f.OrderId,
        Symbol = pair.Symbol,
        Side = (Side)f.Side,
        Price = f.Price,
        Quantity = f.Quantity,
        Fee = f.Fee,
        FeeCurrency = f.Side == Matching.Side.Buy ? pair.BaseCode : pair.QuoteCode,
        Liquidity = f.IsTaker ? Liquidity.Taker : Liquidity.Maker,
        Time = Time(f.Time),
    };

    public static Trade ToProto(this TradeRecord t, PairInfo pair) => new()
    {
        TradeId = t.TradeId,
        Symbol = pair.Symbol,
        Price = t.Price,
        Quantity = t.Quantity,
        TakerSide = (Side)t.TakerSide,
        Time = Time(t.Time),
        Seq = t.BookTradeId,
        Rate = Rate(t.Price, pair.LotSize),
    };

    public static Balance ToProto(this BalanceRow b) => new() { Currency = b.Currency, Total = b.Total, Held = b.Held, Available = b.Available };

    public static Currency ToProto(this CurrencyInfo c) => new()
    {
        Code = c.Code,
        Name = c.Name,
        MerchantAccountId = c.MerchantAccountId,
        ReferenceCashValueMinor = c.ReferenceCashValueMinor,
        DailyIssuanceLimit = c.DailyIssuanceLimit,
    };

    public static Contracts.V1.LedgerReceipt ToProto(this Ledger.LedgerReceipt r) => new()
    {
        TransactionId = r.TransactionId,
        Currency = r.Currency,
        AccountId = r.AccountId,
        Amount = r.Amount,
        Memo = r.Memo ?? "",
        Time = Time(r.CreatedAt),
        Replayed = r.Replayed,
    };
}
