using PointsExchange.Server.Streaming;
using Side = PointsExchange.Matching.Side;

namespace PointsExchange.Server.Tests;

/// <summary>The market data views rebuilt from events, checked against the real book after every command.</summary>
public sealed class MarketDataModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_mirror_and_a_depth_window_rebuilt_from_events_equal_the_books_depth_after_every_command(int seed)
    {
        var book = new Matching.OrderBook(RandomCommandStream.Spec);
        var stream = new RandomCommandStream(seed);
        var mirror = new BookMirror();
        var window = new DepthWindow("X-Y", depth: 5);
        var client = new ClientBook();
        long seq = 0;
        client.Apply(window.Next(new BookMessage(seq, [], [], IsSnapshot: true)));
        for (var i = 0; i < 20_000; i++)
        {
            var command = stream.Next();
            var events = book.Run(in command);
            stream.Observe(events);
            mirror.BeginCommand();
            foreach (var e in events)
            {
                mirror.Apply(in e);
            }

            mirror.EndCommand();
            var (bids, asks) = mirror.TakeChanges();
            client.Apply(window.Next(new BookMessage(++seq, bids, asks, IsSnapshot: false)));

            Assert.True(book.Depth(Side.Buy).SequenceEqual(mirror.Levels(Side.Buy, int.MaxValue)), $"seed {seed}, command #{i}: bids differ");
            Assert.True(book.Depth(Side.Sell).SequenceEqual(mirror.Levels(Side.Sell, int.MaxValue)), $"seed {seed}, command #{i}: asks differ");
            Assert.Equal(book.Depth(Side.Buy, 5).Select(l => (l.Price, l.Quantity, l.OrderCount)), client.Bids);
            Assert.Equal(book.Depth(Side.Sell, 5).Select(l => (l.Price, l.Quantity, l.OrderCount)), client.Asks);
        }

        Assert.Equal(book.OrderCount, mirror.OrderCount);
    }

    [Fact]
    public void The_tape_keeps_a_rolling_day_and_the_open_candle_of_each_interval()
    {
        var tape = new TradeTape();
        var t0 = 1_700_000_000L * 1_000_000; // 2023-11-14T22:13:20Z
        tape.Add(t0, 100, 2);
        tape.Add(t0 + (10 * TradeTape.MinuteMicros), 120, 1);
        tape.Add(t0 + (11 * TradeTape.MinuteMicros), 90, 3);

        Assert.Equal(new TradeTape.Bar(TradeTape.Floor(t0, TradeTape.MinuteMicros), 100, 120, 90, 90, 6, 200 + 120 + 270),
            tape.Window(t0 + (12 * TradeTape.MinuteMicros)));
        var oneMinute = tape.OpenCandle(0)!.Value;
        Assert.Equal((TradeTape.Floor(t0 + (11 * TradeTape.MinuteMicros), TradeTape.MinuteMicros), 90L, 90L, 90L, 3L), (oneMinute.OpenMicros, oneMinute.Open,
            oneMinute.High, oneMinute.Low, oneMinute.Volume));
        var hour = tape.OpenCandle(2)!.Value;
        Assert.Equal(TradeTape.Floor(t0, 60 * TradeTape.MinuteMicros), hour.OpenMicros);

        // A day later the first trade has left the window; the later two remain until their minute leaves too.
        var window = tape.Window(t0 + TradeTape.DayMicros + (2 * TradeTape.MinuteMicros));
        Assert.Equal((120L, 120L, 90L, 90L, 4L), (window.Open, window.High, window.Low, window.Close, window.Volume));
        Assert.Equal(0L, tape.Window(t0 + TradeTape.DayMicros + (20 * TradeTape.MinuteMicros)).Volume);
        Assert.Equal(90L, tape.Last);
    }

    /// <summary>What a client of StreamOrderBook holds: levels by price, quantity 0 removes one.</summary>
    internal sealed class ClientBook
    {
        private readonly SortedDictionary<long, Level> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
        private readonly SortedDictionary<long, Level> _asks = [];

        public long Seq { get; private set; } = -1;

        public IEnumerable<(long, long, int)> Bids => _bids.Values.Select(l => (l.Price, l.Quantity, l.OrderCount));

        public IEnumerable<(long, long, int)> Asks => _asks.Values.Select(l => (l.Price, l.Quantity, l.OrderCount));

        public void Apply(OrderBookUpdate update)
        {
            if (update.UpdateCase == OrderBookUpdate.UpdateOneofCase.Snapshot)
            {
                _bids.Clear();
                _asks.Clear();
                Merge(_bids, update.Snapshot.Bids);
                Merge(_asks, update.Snapshot.Asks);
            }
            else
            {
                Assert.True(update.Seq == Seq + 1, $"seq {update.Seq} after {Seq}: a gap");
                Merge(_bids, update.Delta.Bids);
                Merge(_asks, update.Delta.Asks);
            }

            Seq = update.Seq;
        }

        private static void Merge(SortedDictionary<long, Level> side, IEnumerable<Level> levels)
        {
            foreach (var level in levels)
            {
                if (level.Quantity == 0)
                {
                    side.Remove(level.Price);
                }
                else
                {
                    side[level.Price] = level;
                }
            }
        }
    }
}
