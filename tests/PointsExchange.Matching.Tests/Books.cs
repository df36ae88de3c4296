namespace PointsExchange.Matching.Tests;

/// <summary>Small helpers so example tests read as the rule they check.</summary>
internal static class Books
{
    /// <summary>lot 10 BASE points, tick 5 QUOTE points per lot, minimum 1 lot.</summary>
    public static readonly OrderBookSpec Spec = new(LotSize: 10, TickSize: 5, MinQuantity: 1);

    public static OrderBook New(OrderBookSpec? spec = null) => new(spec ?? Spec, initialOrderCapacity: 8);

    public static List<MatchEvent> Buy(this OrderBook book, long id, long account, long price, long quantity,
        TimeInForce tif = TimeInForce.Gtc, bool postOnly = false, SelfTradePrevention stp = SelfTradePrevention.ExpireMaker) =>
        book.Run(OrderCommand.Limit(id, account, Side.Buy, price, quantity, tif, postOnly, stp));

    public static List<MatchEvent> Sell(this OrderBook book, long id, long account, long price, long quantity,
        TimeInForce tif = TimeInForce.Gtc, bool postOnly = false, SelfTradePrevention stp = SelfTradePrevention.ExpireMaker) =>
        book.Run(OrderCommand.Limit(id, account, Side.Sell, price, quantity, tif, postOnly, stp));

    public static List<MatchEvent> Trades(this List<MatchEvent> events) => events.Where(e => e.Kind == MatchEventKind.Trade).ToList();

    public static MatchEvent Single(this List<MatchEvent> events, MatchEventKind kind) => Assert.Single(events, e => e.Kind == kind);

    public static RestingOrder Resting(this OrderBook book, long orderId)
    {
        Assert.True(book.TryGetOrder(orderId, out var order), $"order {orderId} is not resting");
        return order;
    }

    /// <summary>Ids of the resting orders of one side in priority order.</summary>
    public static long[] Queue(this OrderBook book, Side side) =>
        book.Orders().Where(o => o.Side == side).Select(o => o.OrderId).ToArray();
}
