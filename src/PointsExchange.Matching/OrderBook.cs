namespace PointsExchange.Matching;

/// <summary>
/// The limit order book of one points pair: price-time priority, trades at the resting order's price,
/// self-trade prevention, LIMIT and MARKET orders with GTC, IOC and FOK. Pure and deterministic: no
/// clock, no I/O, no randomness, no locks. One thread owns a book (the engine's match stage).
/// </summary>
/// <remarks>
/// <para>Units: prices are QUOTE points per lot, quantities are lots, both <c>long</c>; a trade of q
/// lots at p moves q * LotSize BASE and q * p QUOTE. Any price in the positive <c>long</c> range works:
/// levels live in a hash map and a treap, not in an array indexed by price.</para>
/// <para>Cost: cancel and amend by id are O(1); a place or replace that lands on an existing level is
/// O(1) plus O(1) per trade; one that creates or empties a level adds O(log levels). In the steady
/// state nothing is allocated: orders and levels are pooled and the pools only grow.</para>
/// <para>Events go to a caller's sink (<see cref="IMatchEventSink"/>) in a fixed order: Accepted or
/// Rejected first, then Trades (and SelfTradeMaker expiries) in execution order, then the incoming
/// order's end (Expired) if it does not rest.</para>
/// </remarks>
public sealed partial class OrderBook
{
    private const int Nil = -1;

    private readonly OrderBookSpec _spec;

    // Pools. Slots below the high-water mark are either live or on the free list.
    private OrderNode[] _orders;
    private int _ordersHighWater;
    private int _freeOrder = Nil;
    private PriceLevel[] _levels;
    private int _levelsHighWater;
    private int _freeLevel = Nil;

    private readonly LongIntMap _orderIndex;
    private readonly LongIntMap _levelIndex;

    private SideState _bids = SideState.Empty;
    private SideState _asks = SideState.Empty;

    private long _lastTradeId;

    /// <summary>
    /// Levels with no orders that are still in the map, tree and list. An emptied level is kept, not
    /// removed: under a typical flow orders return to the same prices, and reusing the level skips two
    /// tree updates per command (on the exchange-core mix: 145 ns per command with removal on empty,
    /// see docs/performance.md for the figure with dormancy). Every walk skips them; Best is always
    /// a live level. <see cref="PurgeDormantLevelsIfMany"/> bounds how many there are.
    /// </summary>
    private int _dormantLevels;

    /// <param name="spec">The pair's parameters.</param>
    /// <param name="initialOrderCapacity">Resting orders the pools hold before they grow.</param>
    /// <param name="lastTradeId">The last trade id already used (recovery continues the sequence).</param>
    /// <param name="initialLevelCapacity">Price levels the pools hold before they grow; default a quarter of the orders.</param>
    public OrderBook(OrderBookSpec spec, int initialOrderCapacity = 1024, long lastTradeId = 0, int initialLevelCapacity = 0)
    {
        spec.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialOrderCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(lastTradeId);
        ArgumentOutOfRangeException.ThrowIfNegative(initialLevelCapacity);
        _spec = spec;
        _orders = new OrderNode[initialOrderCapacity];
        _levels = new PriceLevel[Math.Max(16, initialLevelCapacity > 0 ? initialLevelCapacity : initialOrderCapacity / 4)];
        _orderIndex = new LongIntMap(initialOrderCapacity);
        _levelIndex = new LongIntMap(_levels.Length);
        _lastTradeId = lastTradeId;
    }

    public OrderBookSpec Spec => _spec;

    /// <summary>Dormant levels always allowed, however few levels are live. Tests lower it to exercise purging.</summary>
    internal int DormantLevelFloor { get; init; } = 1024;

    /// <summary>Resting orders on both sides.</summary>
    public int OrderCount => _orderIndex.Count;

    /// <summary>The id of the last trade this book made (0 before the first).</summary>
    public long LastTradeId => _lastTradeId;

    /// <summary>Runs one command, writing its events to <paramref name="sink"/>. Never throws on bad input.</summary>
    public void Execute<TSink>(in OrderCommand command, ref TSink sink)
        where TSink : IMatchEventSink
    {
        Dispatch(in command, ref sink);
        PurgeDormantLevelsIfMany();
    }

    private void Dispatch<TSink>(in OrderCommand command, ref TSink sink)
        where TSink : IMatchEventSink
    {
        switch (command.Type)
        {
            case CommandType.Place:
                Place(in command, ref sink);
                break;
            case CommandType.Cancel:
                Cancel(in command, ref sink);
                break;
            case CommandType.Amend:
                Amend(in command, ref sink);
                break;
            case CommandType.Replace:
                Replace(in command, ref sink);
                break;
            default:
                Reject(in command, ReasonCode.InvalidCommand, ref sink);
                break;
        }
    }

    public int LevelCount(Side side) => side switch
    {
        Side.Buy => _bids.LevelCount,
        Side.Sell => _asks.LevelCount,
        _ => 0,
    };

    /// <summary>The best level of <paramref name="side"/>: highest bid or lowest ask.</summary>
    public bool TryGetBest(Side side, out DepthLevel level)
    {
        var best = side == Side.Buy ? _bids.Best : side == Side.Sell ? _asks.Best : Nil;
        if (best == Nil)
        {
            level = default;
            return false;
        }

        ref readonly var l = ref _levels[best];
        level = new DepthLevel(l.Price, l.Quantity, l.OrderCount);
        return true;
    }

    /// <summary>Writes the top levels of <paramref name="side"/>, best first; returns how many were written.</summary>
    public int GetDepth(Side side, Span<DepthLevel> destination)
    {
        var n = 0;
        var li = side == Side.Buy ? _bids.Best : side == Side.Sell ? _asks.Best : Nil;
        while (li != Nil && n < destination.Length)
        {
            ref readonly var l = ref _levels[li];
            if (l.OrderCount > 0)
            {
                destination[n++] = new DepthLevel(l.Price, l.Quantity, l.OrderCount);
            }

            li = l.Worse;
        }

        return n;
    }

    /// <summary>A resting order by id. Orders that filled, expired or were cancelled are no longer here.</summary>
    public bool TryGetOrder(long orderId, out RestingOrder order)
    {
        var oi = orderId > 0 ? _orderIndex.Get(orderId) : Nil;
        if (oi == Nil)
        {
            order = default;
            return false;
        }

        order = ToResting(in _orders[oi]);
        return true;
    }

    /// <summary>Every resting order in canonical order: bids best to worst, then asks, each level in time priority.</summary>
    public IEnumerable<RestingOrder> Orders()
    {
        foreach (var best in new[] { _bids.Best, _asks.Best })
        {
            for (var li = best; li != Nil; li = _levels[li].Worse)
            {
                for (var oi = _levels[li].Head; oi != Nil; oi = _orders[oi].Next)
                {
                    yield return ToResting(in _orders[oi]);
                }
            }
        }
    }

    /// <summary>
    /// A hash of the whole book: the trade sequence, every level and every resting order with its
    /// queue position, quantity and fill. Two books that ran the same commands have the same hash.
    /// O(orders): for checks and recovery, not for the hot path.
    /// </summary>
    public ulong StateHash()
    {
        var hasher = new StateHasher();
        hasher.AddHeader(_lastTradeId);
        foreach (var side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
        {
            hasher.AddSide(side);
            for (var li = SideOf(side).Best; li != Nil; li = _levels[li].Worse)
            {
                ref readonly var level = ref _levels[li];
                if (level.OrderCount == 0)
                {
                    continue;
                }

                hasher.AddLevel(level.Price, level.OrderCount);
                for (var oi = level.Head; oi != Nil; oi = _orders[oi].Next)
                {
                    ref readonly var o = ref _orders[oi];
                    hasher.AddOrder(o.OrderId, o.AccountId, o.Quantity, o.Filled);
                }
            }
        }

        return hasher.Finish();
    }

    /// <summary>
    /// Puts a resting order back at the end of its level's queue without matching: how recovery
    /// rebuilds a book from the ledger, feeding orders in their original time priority.
    /// </summary>
    public ReasonCode Restore(in RestingOrder order)
    {
        var reason = ValidateRestore(in order);
        if (reason != ReasonCode.None)
        {
            return reason;
        }

        var oi = AllocateOrder();
        ref var o = ref _orders[oi];
        o.OrderId = order.OrderId;
        o.AccountId = order.AccountId;
        o.Side = order.Side;
        o.Price = order.Price;
        o.Quantity = order.Quantity;
        o.Filled = order.Filled;
        o.PostOnly = order.PostOnly;
        o.SelfTradePrevention = NormaliseStp(order.SelfTradePrevention);
        _orderIndex.Add(order.OrderId, oi);
        Enqueue(oi, GetOrCreateLevel(order.Side, order.Price));
        return ReasonCode.None;
    }

    private ReasonCode ValidateRestore(in RestingOrder order)
    {
        if (order.OrderId <= 0)
        {
            return ReasonCode.InvalidOrderId;
        }

        if (order.AccountId <= 0)
        {
            return ReasonCode.InvalidAccount;
        }

        if (order.Side is not (Side.Buy or Side.Sell))
        {
            return ReasonCode.InvalidSide;
        }

        if (order.SelfTradePrevention > SelfTradePrevention.ExpireBoth)
        {
            return ReasonCode.InvalidSelfTradePrevention;
        }

        var reason = ValidatePriceAndQuantity(order.Price, order.Quantity, checkMinimum: false);
        if (reason != ReasonCode.None)
        {
            return reason;
        }

        if (order.Filled < 0 || order.Filled >= order.Quantity)
        {
            return ReasonCode.InvalidQuantity;
        }

        if (_orderIndex.Get(order.OrderId) != Nil)
        {
            return ReasonCode.DuplicateOrderId;
        }

        return Crosses(order.Side, order.Price) ? ReasonCode.WouldCross : ReasonCode.None;
    }

    private static RestingOrder ToResting(in OrderNode o) =>
        new(o.OrderId, o.AccountId, o.Side, o.Price, o.Quantity, o.Filled, o.PostOnly, o.SelfTradePrevention);

    private static SelfTradePrevention NormaliseStp(SelfTradePrevention mode) =>
        mode == SelfTradePrevention.Unspecified ? SelfTradePrevention.ExpireMaker : mode;

    private ref SideState SideOf(Side side) => ref side == Side.Buy ? ref _bids : ref _asks;

    /// <summary>Per-side roots: the treap root, the best level, and how many levels there are.</summary>
    private struct SideState
    {
        public static readonly SideState Empty = new() { Root = Nil, Best = Nil };

        public int Root;
        public int Best;
        public int LevelCount;
    }
}
