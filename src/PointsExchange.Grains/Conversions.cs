using PointsExchange.Engine;
using PointsExchange.Matching;

namespace PointsExchange.Grains;

/// <summary>Between the grains' wire records and the engine's structs.</summary>
public static class Conversions
{
    public static OrderCommand ToCommand(this OrderRequest r) => new()
    {
        Type = (CommandType)r.CommandType,
        OrderId = r.OrderId,
        AccountId = r.AccountId,
        Side = (Side)r.Side,
        OrderType = (OrderType)r.OrderType,
        TimeInForce = (TimeInForce)r.TimeInForce,
        PostOnly = r.PostOnly,
        SelfTradePrevention = (SelfTradePrevention)r.SelfTradePrevention,
        Price = r.Price,
        Quantity = r.Quantity,
    };

    public static BookEvent ToBookEvent(this in MatchEvent e) => new()
    {
        Kind = (byte)e.Kind,
        Reason = (byte)e.Reason,
        Side = (byte)e.Side,
        OrderId = e.OrderId,
        AccountId = e.AccountId,
        Price = e.Price,
        Quantity = e.Quantity,
        Remaining = e.Remaining,
        TradeId = e.TradeId,
        MakerOrderId = e.MakerOrderId,
        MakerAccountId = e.MakerAccountId,
        MakerRemaining = e.MakerRemaining,
        PreviousPrice = e.PreviousPrice,
        PreviousRemaining = e.PreviousRemaining,
    };

    public static MatchEvent ToMatchEvent(this BookEvent e) => new()
    {
        Kind = (MatchEventKind)e.Kind,
        Reason = (ReasonCode)e.Reason,
        Side = (Side)e.Side,
        OrderId = e.OrderId,
        AccountId = e.AccountId,
        Price = e.Price,
        Quantity = e.Quantity,
        Remaining = e.Remaining,
        TradeId = e.TradeId,
        MakerOrderId = e.MakerOrderId,
        MakerAccountId = e.MakerAccountId,
        MakerRemaining = e.MakerRemaining,
        PreviousPrice = e.PreviousPrice,
        PreviousRemaining = e.PreviousRemaining,
    };

    public static OrderOutcome ToOutcome(this PooledCompletion done) => new()
    {
        Error = done.Status switch
        {
            CommandStatus.Executed or CommandStatus.StatusChanged or CommandStatus.Queried => StatusCodes.Ok,
            CommandStatus.UnknownPair => StatusCodes.NotFound,
            CommandStatus.PairHalted => StatusCodes.FailedPrecondition,
            _ => StatusCodes.Unavailable,
        },
        Message = done.Status switch
        {
            CommandStatus.UnknownPair => "symbol: the pair is not traded here",
            CommandStatus.PairHalted => "symbol: trading on the pair is halted; only cancels are accepted",
            CommandStatus.Unavailable => "the ledger could not commit the command; it was not applied, retry later",
            _ => "",
        },
        Status = (byte)done.Status,
        CommandId = done.Command.CommandId,
        OrderId = done.Command.Order.OrderId,
        Timestamp = done.Command.Timestamp,
        Events = ToBookEvents(done.Events),
    };

    /// <summary>A loop, not LINQ: this runs for every command answered, and an iterator per command adds up.</summary>
    private static BookEvent[] ToBookEvents(List<MatchEvent> events)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var converted = new BookEvent[events.Count];
        for (var i = 0; i < converted.Length; i++)
        {
            converted[i] = events[i].ToBookEvent();
        }

        return converted;
    }
}
