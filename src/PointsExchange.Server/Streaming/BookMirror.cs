using PointsExchange.Matching;

namespace PointsExchange.Server.Streaming;

/// <summary>
/// A pair's depth rebuilt from committed match events alone, so market data never reads the live book
/// (which the match stage may already have moved past what is committed). It keeps each resting order's
/// side, price and remaining lots, and the levels they form; <see cref="TakeChanges"/> says which levels
/// moved since the last call, with their absolute quantities (0: the level is gone).
/// </summary>
internal sealed class BookMirror
{
    private readonly Dictionary<long, MirrorOrder> _orders = [];
    private readonly SortedDictionary<long, LevelState> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<long, LevelState> _asks = [];
    private readonly HashSet<(Side Side, long Price)> _changed = [];
    private MirrorOrder _taker;
    private bool _takerLive;

    public int OrderCount => _orders.Count;

    /// <summary>Starts from a book as the ledger rebuilt it.</summary>
    public void Load(IEnumerable<RestingOrder> orders)
    {
        _orders.Clear();
        _bids.Clear();
        _asks.Clear();
        _changed.Clear();
        foreach (var o in orders)
        {
            Rest(new MirrorOrder(o.OrderId, o.Side, o.Price, o.Remaining));
        }

        _changed.Clear();
    }

    /// <summary>A committed command's events follow, in order, then <see cref="EndCommand"/>.</summary>
    public void BeginCommand() => _takerLive = false;

    /// <summary>The incoming (or replaced) order rests if anything of it is left and nothing ended it.</summary>
    public void EndCommand()
    {
        if (_takerLive && _taker.Remaining > 0)
        {
            Rest(_taker);
        }

        _takerLive = false;
    }

    public void Apply(in MatchEvent e)
    {
        switch (e.Kind)
        {
            case MatchEventKind.Accepted:
                _taker = new MirrorOrder(e.OrderId, e.Side, e.Price, e.Remaining);
                _takerLive = true;
                break;
            case MatchEventKind.Trade:
                if (_takerLive && e.OrderId == _taker.OrderId)
                {
                    _taker = _taker with { Remaining = e.Remaining };
                }

                Reduce(e.MakerOrderId, e.Quantity);
                break;
            case MatchEventKind.Cancelled or MatchEventKind.Expired:
                if (_takerLive && e.OrderId == _taker.OrderId)
                {
                    _takerLive = false;
                }
                else if (_orders.TryGetValue(e.OrderId, out var gone))
                {
                    Reduce(e.OrderId, gone.Remaining);
                }

                break;
            case MatchEventKind.Amended:
                if (_orders.TryGetValue(e.OrderId, out var amended))
                {
                    Reduce(e.OrderId, amended.Remaining - e.Remaining);
                }

                break;
            case MatchEventKind.Replaced:
                if (_orders.TryGetValue(e.OrderId, out var replaced))
                {
                    Reduce(e.OrderId, replaced.Remaining);
                    _taker = new MirrorOrder(e.OrderId, replaced.Side, e.Price, e.Remaining);
                    _takerLive = true;
                }

                break;
        }
    }

    /// <summary>The levels that changed since the last call, best first per side; quantity 0 removes a level.</summary>
    public (List<DepthLevel> Bids, List<DepthLevel> Asks) TakeChanges()
    {
        var bids = new List<DepthLevel>();
        var asks = new List<DepthLevel>();
        foreach (var (side, price) in _changed)
        {
            var levels = side == Side.Buy ? _bids : _asks;
            var level = levels.TryGetValue(price, out var state) ? new DepthLevel(price, state.Quantity, state.Count) : new DepthLevel(price, 0, 0);
            (side == Side.Buy ? bids : asks).Add(level);
        }

        _changed.Clear();
        bids.Sort((a, b) => b.Price.CompareTo(a.Price));
        asks.Sort((a, b) => a.Price.CompareTo(b.Price));
        return (bids, asks);
    }

    /// <summary>The best <paramref name="depth"/> levels of a side (all of them for <see cref="int.MaxValue"/>).</summary>
    public List<DepthLevel> Levels(Side side, int depth) =>
        (side == Side.Buy ? _bids : _asks).Take(depth).Select(l => new DepthLevel(l.Key, l.Value.Quantity, l.Value.Count)).ToList();

    public long BestBid => _bids.Count > 0 ? _bids.First().Key : 0;

    public long BestAsk => _asks.Count > 0 ? _asks.First().Key : 0;

    private void Rest(MirrorOrder order)
    {
        _orders[order.OrderId] = order;
        var levels = order.Side == Side.Buy ? _bids : _asks;
        var state = levels.GetValueOrDefault(order.Price);
        levels[order.Price] = new LevelState(state.Quantity + order.Remaining, state.Count + 1);
        _changed.Add((order.Side, order.Price));
    }

    private void Reduce(long orderId, long lots)
    {
        if (!_orders.TryGetValue(orderId, out var order) || lots <= 0)
        {
            return;
        }

        var levels = order.Side == Side.Buy ? _bids : _asks;
        var state = levels[order.Price];
        var remaining = order.Remaining - lots;
        if (remaining > 0)
        {
            _orders[orderId] = order with { Remaining = remaining };
            levels[order.Price] = state with { Quantity = state.Quantity - lots };
        }
        else
        {
            _orders.Remove(orderId);
            if (state.Count == 1)
            {
                levels.Remove(order.Price);
            }
            else
            {
                levels[order.Price] = new LevelState(state.Quantity - order.Remaining, state.Count - 1);
            }
        }

        _changed.Add((order.Side, order.Price));
    }

    private readonly record struct MirrorOrder(long OrderId, Side Side, long Price, long Remaining);

    private readonly record struct LevelState(long Quantity, int Count);
}
