namespace PointsExchange.Matching.Tests;

public sealed class ScaleTests
{
    [Fact]
    public void A_book_with_a_million_resting_orders_keeps_working()
    {
        const int Orders = 1_000_000;
        var book = new OrderBook(new OrderBookSpec(LotSize: 1, TickSize: 1, MinQuantity: 1), initialOrderCapacity: 16);
        var sink = new CountingSink();
        var random = new Random(5);

        // Asks on 50,000 distinct prices, in random price order so the level tree gets real work.
        for (var id = 1; id <= Orders; id++)
        {
            var command = OrderCommand.Limit(id, 1 + (id % 1000), Side.Sell, 1_000_000 + random.Next(50_000), 1 + (id % 7));
            book.Execute(in command, ref sink);
        }

        Assert.Equal(Orders, book.OrderCount);
        Assert.Equal(50_000, book.LevelCount(Side.Sell));

        // Cancel every other order by id, then sweep the 100 best levels with one buy.
        for (var id = 2; id <= Orders; id += 2)
        {
            var cancel = OrderCommand.Cancel(id, 1 + (id % 1000));
            book.Execute(in cancel, ref sink);
        }

        Assert.Equal(Orders / 2, book.OrderCount);
        Assert.Equal(Orders / 2, sink.Cancelled);
        var sweep = OrderCommand.Limit(Orders + 1, 5_000, Side.Buy, 1_000_099, long.MaxValue / 2_000_000);
        book.Execute(in sweep, ref sink);

        Assert.True(book.TryGetBest(Side.Sell, out var ask));
        Assert.Equal(1_000_100, ask.Price);
        Assert.True(book.TryGetBest(Side.Buy, out var bid));
        Assert.Equal(1_000_099, bid.Price);
        Assert.True(sink.Trades > 500);
    }

    private struct CountingSink : IMatchEventSink
    {
        public int Trades;
        public int Cancelled;

        public void OnEvent(in MatchEvent e)
        {
            if (e.Kind == MatchEventKind.Trade)
            {
                Trades++;
            }
            else if (e.Kind == MatchEventKind.Cancelled)
            {
                Cancelled++;
            }
        }
    }
}
