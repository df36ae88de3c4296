using PointsExchange.Contracts.V1;
using PointsExchange.Matching;

namespace PointsExchange.Server.Streaming;

/// <summary>
/// One book subscriber's view: the full book from the hub's snapshot and deltas, cut to the best
/// <c>depth</c> levels per side. Each hub delta becomes one delta with the same seq that says what changed
/// inside that window (a level pushed out of it is sent with quantity 0, one moving into it with its
/// quantity), so a client that applies them holds exactly the book's best levels.
/// </summary>
internal sealed class DepthWindow(string symbol, int depth)
{
    private readonly SortedDictionary<long, DepthLevel> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<long, DepthLevel> _asks = [];
    private Dictionary<long, DepthLevel> _sentBids = [];
    private Dictionary<long, DepthLevel> _sentAsks = [];

    public OrderBookUpdate Next(BookMessage message)
    {
        if (message.IsSnapshot)
        {
            _bids.Clear();
            _asks.Clear();
        }

        Apply(_bids, message.Bids);
        Apply(_asks, message.Asks);
        var bids = Top(_bids);
        var asks = Top(_asks);
        var update = new OrderBookUpdate { Seq = message.Seq };
        if (message.IsSnapshot)
        {
            var book = new Contracts.V1.OrderBook { Symbol = symbol, Seq = message.Seq };
            book.Bids.AddRange(bids.Values.Select(ToLevel));
            book.Asks.AddRange(asks.Values.Select(ToLevel));
            update.Snapshot = book;
        }
        else
        {
            var delta = new OrderBookDelta { Symbol = symbol };
            delta.Bids.AddRange(Diff(_sentBids, bids).OrderByDescending(l => l.Price));
            delta.Asks.AddRange(Diff(_sentAsks, asks).OrderBy(l => l.Price));
            update.Delta = delta;
        }

        _sentBids = bids;
        _sentAsks = asks;
        return update;
    }

    private static void Apply(SortedDictionary<long, DepthLevel> side, IReadOnlyList<DepthLevel> levels)
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

    private Dictionary<long, DepthLevel> Top(SortedDictionary<long, DepthLevel> side) => side.Values.Take(depth).ToDictionary(l => l.Price);

    private static IEnumerable<Level> Diff(Dictionary<long, DepthLevel> sent, Dictionary<long, DepthLevel> now) =>
        now.Values.Where(l => !sent.TryGetValue(l.Price, out var before) || before != l).Select(ToLevel)
            .Concat(sent.Keys.Where(p => !now.ContainsKey(p)).Select(p => new Level { Price = p }));

    private static Level ToLevel(DepthLevel l) => new() { Price = l.Price, Quantity = l.Quantity, OrderCount = l.OrderCount };
}

/// <summary>What the hub sends a book subscriber: a full snapshot, or the levels that changed (absolute; 0 removes).</summary>
internal sealed record BookMessage(long Seq, IReadOnlyList<DepthLevel> Bids, IReadOnlyList<DepthLevel> Asks, bool IsSnapshot);
