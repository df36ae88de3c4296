using Grpc.Core;
using PointsExchange.Contracts.V1;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using OrderStatus = PointsExchange.Contracts.V1.OrderStatus;

namespace PointsExchange.Server.Services;

/// <summary>
/// Turns a command's outcome into the API's answer: a rejection into its status code, the events of a
/// place or replace into the order's state and its fills.
/// </summary>
internal static class OrderResults
{
    /// <summary>Throws when the book rejected the command, with the status code API.md gives the reason.</summary>
    public static void ThrowIfRejected(OrderOutcome outcome)
    {
        Check.Ok(outcome);
        var rejected = outcome.Events.FirstOrDefault(e => e.Kind == (byte)Matching.MatchEventKind.Rejected);
        if (rejected is not null)
        {
            var (code, message) = Describe((Matching.ReasonCode)rejected.Reason);
            throw new RpcException(new Status(code, message));
        }
    }

    /// <summary>The order and its own fills, from the events of the command that placed or replaced it.</summary>
    public static OrderResponse Response(OrderOutcome outcome, PairInfo pair, OrderRequest request, string? clientOrderId)
    {
        var orderId = outcome.OrderId;
        var order = new Order
        {
            OrderId = orderId,
            ClientOrderId = clientOrderId ?? "",
            Symbol = pair.Symbol,
            Side = (Side)request.Side,
            Type = (OrderType)request.OrderType,
            TimeInForce = (TimeInForce)request.TimeInForce,
            PostOnly = request.PostOnly,
            StpMode = (SelfTradePrevention)request.SelfTradePrevention,
            Price = request.Price,
            Quantity = request.Quantity,
            Rate = Protos.Rate(request.Price, pair.LotSize),
            CreatedAt = Protos.TimeFromMicros(outcome.Timestamp),
            UpdatedAt = Protos.TimeFromMicros(outcome.Timestamp),
        };
        var response = new OrderResponse { Order = order };
        long filledNow = 0, remaining = request.Quantity;
        foreach (var e in outcome.Events)
        {
            switch ((Matching.MatchEventKind)e.Kind)
            {
                case Matching.MatchEventKind.Replaced when e.OrderId == orderId:
                    filledNow = e.Quantity - e.Remaining;
                    remaining = e.Remaining;
                    break;
                case Matching.MatchEventKind.Trade when e.OrderId == orderId:
                    filledNow += e.Quantity;
                    remaining = e.Remaining;
                    response.Fills.Add(TakerFill(e, pair, outcome.Timestamp));
                    break;
                case Matching.MatchEventKind.Expired when e.OrderId == orderId:
                    order.Status = OrderStatus.Expired;
                    order.Reason = Describe((Matching.ReasonCode)e.Reason).Message;
                    remaining = 0;
                    break;
                case Matching.MatchEventKind.Cancelled when e.OrderId == orderId:
                    order.Status = OrderStatus.Cancelled;
                    order.Reason = Describe((Matching.ReasonCode)e.Reason).Message;
                    remaining = 0;
                    break;
            }
        }

        order.FilledQuantity = filledNow;
        if (order.Status == OrderStatus.Unspecified)
        {
            order.Status = remaining == 0 ? OrderStatus.Filled : filledNow > 0 ? OrderStatus.PartiallyFilled : OrderStatus.New;
        }

        return response;
    }

    private static Fill TakerFill(BookEvent e, PairInfo pair, long timestamp)
    {
        var buy = e.Side == (byte)Matching.Side.Buy;
        var received = buy ? e.Quantity * pair.LotSize : e.Quantity * e.Price;
        return new Fill
        {
            TradeId = SettlementPlanner.GlobalTradeId(pair.PairId, e.TradeId),
            OrderId = e.OrderId,
            Symbol = pair.Symbol,
            Side = (Side)e.Side,
            Price = e.Price,
            Quantity = e.Quantity,
            Fee = BalanceEffects.Fee(received, pair.TakerFeeBps),
            FeeCurrency = buy ? pair.BaseCode : pair.QuoteCode,
            Liquidity = Liquidity.Taker,
            Time = Protos.TimeFromMicros(timestamp),
        };
    }

    /// <summary>A reason code as API.md's status code and a message that names the field or the rule.</summary>
    public static (StatusCode Code, string Message) Describe(Matching.ReasonCode reason) => reason switch
    {
        Matching.ReasonCode.InvalidPrice => (StatusCode.InvalidArgument, "price: must be positive"),
        Matching.ReasonCode.PriceNotOnTick => (StatusCode.InvalidArgument, "price: not a multiple of the pair's tick_size"),
        Matching.ReasonCode.InvalidQuantity => (StatusCode.InvalidArgument, "quantity: must be positive"),
        Matching.ReasonCode.BelowMinQuantity => (StatusCode.InvalidArgument, "quantity: below the pair's min_quantity"),
        Matching.ReasonCode.NotionalOverflow => (StatusCode.InvalidArgument, "quantity: quantity * price or quantity * lot_size overflows 64 bits"),
        Matching.ReasonCode.PostOnlyNotAllowed => (StatusCode.InvalidArgument, "post_only: only LIMIT GTC orders can be post-only"),
        Matching.ReasonCode.AmendMustReduce => (StatusCode.InvalidArgument, "new_quantity: an amend must reduce the quantity"),
        Matching.ReasonCode.ReplaceBelowFilled => (StatusCode.InvalidArgument, "new_quantity: must exceed the quantity already filled"),
        Matching.ReasonCode.UnknownOrder => (StatusCode.FailedPrecondition, "order_id: the order is no longer open"),
        Matching.ReasonCode.AccountMismatch => (StatusCode.PermissionDenied, "order_id: the order belongs to another account"),
        Matching.ReasonCode.PostOnlyWouldCross => (StatusCode.FailedPrecondition, "post_only: the order would trade at once"),
        Matching.ReasonCode.DuplicateOrderId => (StatusCode.AlreadyExists, "order_id: already used"),
        Matching.ReasonCode.IocRemainder => (StatusCode.OK, "IOC: the rest could not trade at once"),
        Matching.ReasonCode.FokNotFillable => (StatusCode.OK, "FOK: could not fill completely at once, nothing traded"),
        Matching.ReasonCode.MarketRemainder => (StatusCode.OK, "MARKET: no more liquidity within the protection price"),
        Matching.ReasonCode.SelfTradeTaker => (StatusCode.OK, "self-trade prevention expired this order"),
        Matching.ReasonCode.SelfTradeMaker => (StatusCode.OK, "self-trade prevention expired this resting order"),
        Matching.ReasonCode.CancelledByUser => (StatusCode.OK, "cancelled by its owner"),
        Matching.ReasonCode.AmendedBelowFilled => (StatusCode.OK, "amended to or below its filled quantity"),
        _ => (StatusCode.InvalidArgument, $"the order was rejected: {reason}"),
    };
}
