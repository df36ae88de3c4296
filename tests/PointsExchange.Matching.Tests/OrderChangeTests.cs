namespace PointsExchange.Matching.Tests;

public sealed class OrderChangeTests
{
    [Fact]
    public void Cancel_removes_the_order_and_its_emptied_level()
    {
        var book = Books.New();
        book.Buy(1, 10, price: 100, quantity: 3);

        var cancelled = Assert.Single(book.Run(OrderCommand.Cancel(1, 10)));

        Assert.Equal((MatchEventKind.Cancelled, ReasonCode.CancelledByUser, 3L), (cancelled.Kind, cancelled.Reason, cancelled.Quantity));
        Assert.Equal(0, book.OrderCount);
        Assert.Equal(0, book.LevelCount(Side.Buy));
        Assert.False(book.TryGetBest(Side.Buy, out _));
    }

    [Fact]
    public void Cancel_of_an_unknown_order_is_rejected()
    {
        var book = Books.New();

        Assert.Equal(ReasonCode.UnknownOrder, Assert.Single(book.Run(OrderCommand.Cancel(99, 10))).Reason);
    }

    [Fact]
    public void Cancel_of_another_accounts_order_is_rejected_and_the_order_stays()
    {
        var book = Books.New();
        book.Buy(1, 10, price: 100, quantity: 3);

        Assert.Equal(ReasonCode.AccountMismatch, Assert.Single(book.Run(OrderCommand.Cancel(1, 11))).Reason);
        Assert.Equal(3, book.Resting(1).Remaining);
    }

    [Fact]
    public void Amend_reduces_the_quantity_and_keeps_time_priority()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 5);
        book.Sell(2, 11, price: 100, quantity: 5);

        var amended = Assert.Single(book.Run(OrderCommand.Amend(1, 10, newQuantity: 2)));

        Assert.Equal((MatchEventKind.Amended, 2L, 2L, 5L), (amended.Kind, amended.Quantity, amended.Remaining, amended.PreviousRemaining));
        Assert.Equal([1L, 2L], book.Queue(Side.Sell));
        Assert.True(book.TryGetBest(Side.Sell, out var best));
        Assert.Equal(7, best.Quantity);
        Assert.Equal(1, book.Buy(3, 20, 100, 1).Single(MatchEventKind.Trade).MakerOrderId);
    }

    [Fact]
    public void Amend_that_does_not_reduce_is_rejected()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 5);

        Assert.Equal(ReasonCode.AmendMustReduce, Assert.Single(book.Run(OrderCommand.Amend(1, 10, 6))).Reason);
        Assert.Equal(ReasonCode.AmendMustReduce, Assert.Single(book.Run(OrderCommand.Amend(1, 10, 5))).Reason);
        Assert.Equal(5, book.Resting(1).Quantity);
    }

    [Fact]
    public void Amend_to_or_below_the_filled_quantity_cancels_the_rest()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 5);
        book.Buy(2, 20, price: 100, quantity: 3);

        var cancelled = Assert.Single(book.Run(OrderCommand.Amend(1, 10, newQuantity: 3)));

        Assert.Equal((MatchEventKind.Cancelled, ReasonCode.AmendedBelowFilled, 2L), (cancelled.Kind, cancelled.Reason, cancelled.Quantity));
        Assert.Equal(0, book.OrderCount);
    }

    [Fact]
    public void Replace_moves_the_order_to_the_back_of_the_queue()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 5);
        book.Sell(2, 11, price: 100, quantity: 5);

        var replaced = Assert.Single(book.Run(OrderCommand.Replace(1, 10, newPrice: 100, newQuantity: 5)));

        Assert.Equal(MatchEventKind.Replaced, replaced.Kind);
        Assert.Equal([2L, 1L], book.Queue(Side.Sell));
    }

    [Fact]
    public void Replace_may_trade_at_once_at_the_new_price_and_rest_the_remainder()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 2);
        book.Buy(2, 20, price: 90, quantity: 5);

        var events = book.Run(OrderCommand.Replace(2, 20, newPrice: 100, newQuantity: 6));

        Assert.Equal([MatchEventKind.Replaced, MatchEventKind.Trade], events.Select(e => e.Kind));
        Assert.Equal((90L, 5L), (events[0].PreviousPrice, events[0].PreviousRemaining));
        var resting = book.Resting(2);
        Assert.Equal((100L, 6L, 2L), (resting.Price, resting.Quantity, resting.Filled));
    }

    [Fact]
    public void Replace_keeps_what_already_filled_and_counts_the_new_quantity_from_it()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 5);
        book.Buy(2, 20, price: 100, quantity: 2);

        book.Run(OrderCommand.Replace(1, 10, newPrice: 110, newQuantity: 4));

        var resting = book.Resting(1);
        Assert.Equal((110L, 4L, 2L, 2L), (resting.Price, resting.Quantity, resting.Filled, resting.Remaining));
    }

    [Fact]
    public void Replace_is_all_or_nothing_when_a_post_only_order_would_cross()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 5);
        book.Buy(2, 20, price: 90, quantity: 5, postOnly: true);
        var before = book.StateHash();

        var rejected = Assert.Single(book.Run(OrderCommand.Replace(2, 20, newPrice: 100, newQuantity: 5)));

        Assert.Equal(ReasonCode.PostOnlyWouldCross, rejected.Reason);
        Assert.Equal(before, book.StateHash());
    }

    [Fact]
    public void Replace_to_at_most_the_filled_quantity_is_rejected()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 5);
        book.Buy(2, 20, price: 100, quantity: 3);

        Assert.Equal(ReasonCode.ReplaceBelowFilled, Assert.Single(book.Run(OrderCommand.Replace(1, 10, 100, 3))).Reason);
        Assert.Equal(2, book.Resting(1).Remaining);
    }

    [Fact]
    public void Replace_of_another_accounts_order_is_rejected()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 5);

        Assert.Equal(ReasonCode.AccountMismatch, Assert.Single(book.Run(OrderCommand.Replace(1, 11, 100, 5))).Reason);
    }
}
