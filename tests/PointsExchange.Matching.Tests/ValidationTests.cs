namespace PointsExchange.Matching.Tests;

/// <summary>Bad input gets its own reason code, never an exception, and never changes the book.</summary>
public sealed class ValidationTests
{
    private static readonly OrderBookSpec Spec = new(LotSize: 100, TickSize: 5, MinQuantity: 2);

    public static TheoryData<string, OrderCommand, ReasonCode> BadPlaces() => new()
    {
        { "off-tick price", OrderCommand.Limit(9, 1, Side.Buy, 102, 2), ReasonCode.PriceNotOnTick },
        { "zero price", OrderCommand.Limit(9, 1, Side.Buy, 0, 2), ReasonCode.InvalidPrice },
        { "negative price", OrderCommand.Limit(9, 1, Side.Sell, -5, 2), ReasonCode.InvalidPrice },
        { "zero quantity", OrderCommand.Limit(9, 1, Side.Buy, 100, 0), ReasonCode.InvalidQuantity },
        { "negative quantity", OrderCommand.Limit(9, 1, Side.Buy, 100, -3), ReasonCode.InvalidQuantity },
        { "below minimum", OrderCommand.Limit(9, 1, Side.Buy, 100, 1), ReasonCode.BelowMinQuantity },
        { "quantity times price overflows", OrderCommand.Limit(9, 1, Side.Buy, 5_000_000_000, 2_000_000_000), ReasonCode.NotionalOverflow },
        { "quantity times lot size overflows", OrderCommand.Limit(9, 1, Side.Buy, 5, long.MaxValue / 50), ReasonCode.NotionalOverflow },
        { "duplicate order id", OrderCommand.Limit(1, 1, Side.Buy, 100, 2), ReasonCode.DuplicateOrderId },
        { "zero order id", OrderCommand.Limit(0, 1, Side.Buy, 100, 2), ReasonCode.InvalidOrderId },
        { "zero account", OrderCommand.Limit(9, 0, Side.Buy, 100, 2), ReasonCode.InvalidAccount },
        { "undefined side", OrderCommand.Limit(9, 1, (Side)7, 100, 2), ReasonCode.InvalidSide },
        { "undefined time in force", OrderCommand.Limit(9, 1, Side.Buy, 100, 2, (TimeInForce)0), ReasonCode.InvalidTimeInForce },
        { "undefined stp mode", OrderCommand.Limit(9, 1, Side.Buy, 100, 2, selfTradePrevention: (SelfTradePrevention)9), ReasonCode.InvalidSelfTradePrevention },
        { "post-only IOC", OrderCommand.Limit(9, 1, Side.Buy, 100, 2, TimeInForce.Ioc, postOnly: true), ReasonCode.PostOnlyNotAllowed },
        { "post-only market", OrderCommand.Market(9, 1, Side.Buy, 100, 2) with { PostOnly = true }, ReasonCode.PostOnlyNotAllowed },
        { "undefined order type", OrderCommand.Limit(9, 1, Side.Buy, 100, 2) with { OrderType = (OrderType)5 }, ReasonCode.InvalidOrderType },
        { "undefined command", OrderCommand.Limit(9, 1, Side.Buy, 100, 2) with { Type = (CommandType)77 }, ReasonCode.InvalidCommand },
        { "amend that increases", OrderCommand.Amend(1, 1, 50), ReasonCode.AmendMustReduce },
        { "amend to zero", OrderCommand.Amend(1, 1, 0), ReasonCode.InvalidQuantity },
        { "amend of an unknown order", OrderCommand.Amend(77, 1, 1), ReasonCode.UnknownOrder },
        { "cancel with a zero id", OrderCommand.Cancel(0, 1), ReasonCode.InvalidOrderId },
        { "replace off tick", OrderCommand.Replace(1, 1, 101, 3), ReasonCode.PriceNotOnTick },
        { "replace below minimum", OrderCommand.Replace(1, 1, 100, 1), ReasonCode.BelowMinQuantity },
        { "replace overflowing", OrderCommand.Replace(1, 1, 5_000_000_000, 2_000_000_000), ReasonCode.NotionalOverflow },
        { "replace of an unknown order", OrderCommand.Replace(77, 1, 100, 3), ReasonCode.UnknownOrder },
    };

    [Theory]
    [MemberData(nameof(BadPlaces))]
    public void Bad_input_is_rejected_with_its_own_reason_and_changes_nothing(string why, OrderCommand command, ReasonCode reason)
    {
        var book = new OrderBook(Spec);
        book.Run(OrderCommand.Limit(1, 1, Side.Buy, 100, 3));
        book.Run(OrderCommand.Limit(2, 2, Side.Sell, 200, 3));
        var before = book.StateHash();

        var events = book.Run(in command);

        var rejected = Assert.Single(events);
        Assert.True(rejected.Kind == MatchEventKind.Rejected && rejected.Reason == reason, $"{why}: got {rejected}");
        Assert.Equal(before, book.StateHash());
        Assert.Equal(2, book.OrderCount);
    }

    [Fact]
    public void The_largest_notional_that_fits_is_accepted()
    {
        var book = new OrderBook(new OrderBookSpec(1, 1, 1));
        var price = long.MaxValue / 3;

        var events = book.Run(OrderCommand.Limit(1, 1, Side.Buy, price, 3));

        Assert.Equal(MatchEventKind.Accepted, Assert.Single(events).Kind);
        Assert.Equal(ReasonCode.NotionalOverflow, Assert.Single(book.Run(OrderCommand.Limit(2, 1, Side.Buy, price + 1, 3))).Reason);
    }
}
