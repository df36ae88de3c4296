namespace PointsExchange.Matching.Tests;

public sealed class StateAndQueryTests
{
    [Fact]
    public void Identical_command_streams_give_identical_state_hashes()
    {
        var a = Books.New();
        var b = new OrderBook(Books.Spec, initialOrderCapacity: 4096);
        var streamA = new RandomCommandStream(seed: 7);
        var streamB = new RandomCommandStream(seed: 7);

        for (var i = 0; i < 20_000; i++)
        {
            var ca = streamA.Next();
            var cb = streamB.Next();
            streamA.Observe(a.Run(in ca));
            streamB.Observe(b.Run(in cb));
        }

        Assert.True(a.OrderCount > 50);
        Assert.Equal(a.StateHash(), b.StateHash());
    }

    [Fact]
    public void The_hash_sees_queue_position_quantity_and_fills()
    {
        static ulong Hash(Action<OrderBook> build)
        {
            var book = Books.New();
            build(book);
            return book.StateHash();
        }

        var baseline = Hash(b => { b.Sell(1, 10, 100, 5); b.Sell(2, 11, 100, 5); });
        Assert.NotEqual(baseline, Hash(b => { b.Sell(2, 11, 100, 5); b.Sell(1, 10, 100, 5); }));
        Assert.NotEqual(baseline, Hash(b => { b.Sell(1, 10, 100, 5); b.Sell(2, 11, 100, 4); }));
        Assert.NotEqual(baseline, Hash(b => { b.Sell(1, 10, 100, 6); b.Sell(2, 11, 100, 5); b.Buy(3, 12, 100, 1); }));
        Assert.Equal(baseline, Hash(b => { b.Sell(1, 10, 100, 5); b.Sell(2, 11, 100, 5); }));
    }

    [Fact]
    public void Depth_lists_levels_best_first_with_quantity_and_order_count()
    {
        var book = Books.New();
        book.Buy(1, 10, 95, 2);
        book.Buy(2, 11, 100, 3);
        book.Buy(3, 12, 100, 4);
        book.Sell(4, 13, 110, 1);
        book.Sell(5, 14, 105, 6);

        Assert.Equal([new DepthLevel(100, 7, 2), new DepthLevel(95, 2, 1)], book.Depth(Side.Buy));
        Assert.Equal([new DepthLevel(105, 6, 1)], book.Depth(Side.Sell, levels: 1));
        Assert.True(book.TryGetBest(Side.Sell, out var ask));
        Assert.Equal(105, ask.Price);
    }

    [Fact]
    public void Restoring_the_resting_orders_in_priority_order_rebuilds_the_same_book()
    {
        var original = new OrderBook(RandomCommandStream.Spec);
        var stream = new RandomCommandStream(seed: 11);
        for (var i = 0; i < 30_000; i++)
        {
            var command = stream.Next();
            stream.Observe(original.Run(in command));
        }

        var rebuilt = new OrderBook(RandomCommandStream.Spec, lastTradeId: original.LastTradeId);
        foreach (var order in original.Orders())
        {
            Assert.Equal(ReasonCode.None, rebuilt.Restore(in order));
        }

        Assert.True(original.OrderCount > 50);
        Assert.Equal(original.StateHash(), rebuilt.StateHash());
    }

    [Fact]
    public void Restore_refuses_an_order_that_would_cross_or_is_already_there()
    {
        var book = Books.New();
        book.Sell(1, 10, 100, 5);

        Assert.Equal(ReasonCode.WouldCross, book.Restore(new RestingOrder(2, 11, Side.Buy, 100, 5, 0, false, SelfTradePrevention.ExpireMaker)));
        Assert.Equal(ReasonCode.DuplicateOrderId, book.Restore(new RestingOrder(1, 11, Side.Buy, 95, 5, 0, false, SelfTradePrevention.ExpireMaker)));
        Assert.Equal(ReasonCode.InvalidQuantity, book.Restore(new RestingOrder(3, 11, Side.Buy, 95, 5, 5, false, SelfTradePrevention.ExpireMaker)));
        Assert.Equal(1, book.OrderCount);
    }

    [Fact]
    public void Prices_anywhere_in_the_positive_long_range_work()
    {
        var book = new OrderBook(new OrderBookSpec(LotSize: 1, TickSize: 1, MinQuantity: 1));
        var high = long.MaxValue - 1;
        book.Run(OrderCommand.Limit(1, 10, Side.Sell, high, 1));
        book.Run(OrderCommand.Limit(2, 10, Side.Sell, 1, 1));
        book.Run(OrderCommand.Limit(3, 10, Side.Sell, high / 2, 1));

        var trades = book.Run(OrderCommand.Limit(4, 20, Side.Buy, high, 1)).Trades();

        Assert.Equal(1, Assert.Single(trades).Price);
        Assert.Equal([high / 2, high], book.Depth(Side.Sell).Select(l => l.Price));
    }
}
