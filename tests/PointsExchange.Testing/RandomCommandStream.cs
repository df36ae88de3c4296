using PointsExchange.Matching;

namespace PointsExchange.Testing;

/// <summary>
/// Seeded random commands that exercise every rule at once: heavy crossing around a mid price, few
/// accounts (so self-trades are common), cancels, amends and replaces of live and dead orders, market,
/// IOC, FOK and post-only orders, and a share of bad input (off-tick, non-positive, overflow, unknown
/// and duplicate ids, foreign accounts, undefined enum values). The same seed gives the same stream.
/// </summary>
public sealed class RandomCommandStream
{
    public static readonly OrderBookSpec Spec = new(LotSize: 10, TickSize: 5, MinQuantity: 2);

    private const long Mid = 10_000;
    private readonly Random _random;
    private readonly List<(long OrderId, long AccountId)> _issued = [];

    // Orders believed to rest, learnt from the events fed back through Observe: swap-remove list plus index.
    private readonly List<(long OrderId, long AccountId)> _live = [];
    private readonly Dictionary<long, int> _liveIndex = [];
    private readonly int _accounts;
    private long _nextOrderId = 1;

    public RandomCommandStream(int seed, int accounts = 12)
    {
        _random = new Random(seed);
        _accounts = accounts;
    }

    public IEnumerable<OrderCommand> Take(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    /// <summary>
    /// Feeds a command's events back so later cancels, amends and replaces mostly target orders that
    /// really rest. Optional: without it the stream still works, with more unknown-order rejections.
    /// </summary>
    public void Observe(IEnumerable<MatchEvent> events)
    {
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case MatchEventKind.Accepted:
                    _liveIndex[e.OrderId] = _live.Count;
                    _live.Add((e.OrderId, e.AccountId));
                    break;
                case MatchEventKind.Trade:
                    if (e.MakerRemaining == 0)
                    {
                        Forget(e.MakerOrderId);
                    }

                    if (e.Remaining == 0)
                    {
                        Forget(e.OrderId);
                    }

                    break;
                case MatchEventKind.Cancelled or MatchEventKind.Expired:
                    Forget(e.OrderId);
                    break;
            }
        }
    }

    private void Forget(long orderId)
    {
        if (!_liveIndex.Remove(orderId, out var i))
        {
            return;
        }

        var last = _live[^1];
        _live.RemoveAt(_live.Count - 1);
        if (i < _live.Count)
        {
            _live[i] = last;
            _liveIndex[last.OrderId] = i;
        }
    }

    public OrderCommand Next()
    {
        // Keep a few hundred orders resting: a thin book exercises little of the queue logic.
        var roll = _random.Next(1000);
        if (_live.Count < 300 && roll is >= 550 and < 700 && _random.Next(2) == 0)
        {
            roll = 0;
        }

        return roll switch
        {
            < 330 => Limit(TimeInForce.Gtc, postOnly: false),
            < 400 => Limit(TimeInForce.Ioc, postOnly: false),
            < 450 => Limit(TimeInForce.Fok, postOnly: false),
            < 500 => Limit(TimeInForce.Gtc, postOnly: true),
            < 550 => Market(),
            < 700 => OrderCommand.Cancel(Target(out var owner), owner),
            < 780 => OrderCommand.Amend(Target(out var owner), owner, _random.Next(-1, 40)),
            < 960 => OrderCommand.Replace(Target(out var owner), owner, Price(), Quantity()),
            _ => BadInput(),
        };
    }

    private OrderCommand Limit(TimeInForce timeInForce, bool postOnly)
    {
        var side = RandomSide();
        var price = timeInForce == TimeInForce.Gtc && _random.Next(4) != 0 ? PassivePrice(side) : Price();
        return OrderCommand.Limit(NewOrderId(out var account), account, side, price, Quantity(), timeInForce, postOnly, Mode());
    }

    /// <summary>A price on the order's own side of the mid: builds depth instead of trading.</summary>
    private long PassivePrice(Side side) =>
        side == Side.Buy ? Mid - (5 * _random.Next(0, 60)) : Mid + (5 * _random.Next(0, 60));

    private OrderCommand Market()
    {
        var side = RandomSide();
        var protection = side == Side.Buy ? Mid + (5 * _random.Next(0, 60)) : Mid - (5 * _random.Next(0, 60));
        var tif = _random.Next(4) == 0 ? TimeInForce.Fok : TimeInForce.Ioc;
        return OrderCommand.Market(NewOrderId(out var account), account, side, protection, Quantity(), tif, Mode());
    }

    private OrderCommand BadInput()
    {
        var c = OrderCommand.Limit(NewOrderId(out var account), account, RandomSide(), Price(), Quantity());
        switch (_random.Next(14))
        {
            case 0: c.Price += 3; break;
            case 1: c.Price = -_random.Next(0, 10) * 5; break;
            case 2: c.Quantity = -_random.Next(0, 3); break;
            case 3: c.Quantity = 1; break;
            case 4: c.Quantity = long.MaxValue / 1000; break;
            case 5: c.Price = long.MaxValue / 2 / 5 * 5; break;
            case 6: c.OrderId = _issued[_random.Next(Math.Max(0, _issued.Count - 50), _issued.Count)].OrderId; break;
            case 7: c.Side = (Side)_random.Next(3, 9); break;
            case 8: c.OrderType = (OrderType)9; break;
            case 9: c.TimeInForce = (TimeInForce)0; break;
            case 10: c.SelfTradePrevention = (SelfTradePrevention)7; break;
            case 11: c.Type = (CommandType)0; break;
            case 12: c.AccountId = 0; break;
            default: c = OrderCommand.Cancel(Target(out var owner), owner == _accounts ? 1 : owner + 1); break;
        }

        return c;
    }

    private long NewOrderId(out long account)
    {
        account = _random.Next(1, _accounts + 1);
        var id = _nextOrderId++;
        _issued.Add((id, account));
        return id;
    }

    /// <summary>An id from the recent past: mostly live orders, sometimes filled or cancelled ones, rarely never issued.</summary>
    private long Target(out long owner)
    {
        if (_live.Count > 0 && _random.Next(10) < 8)
        {
            (var liveId, owner) = _live[_random.Next(_live.Count)];
            return liveId;
        }

        if (_issued.Count == 0 || _random.Next(50) == 0)
        {
            owner = 1;
            return _nextOrderId + _random.Next(1, 100);
        }

        var (orderId, account) = _issued[_random.Next(Math.Max(0, _issued.Count - 400), _issued.Count)];
        owner = account;
        return orderId;
    }

    private Side RandomSide() => _random.Next(2) == 0 ? Side.Buy : Side.Sell;

    /// <summary>Prices straddle the mid, so buys and sells cross often.</summary>
    private long Price() => Mid + (5 * _random.Next(-40, 41));

    private long Quantity() => _random.Next(10) == 0 ? _random.Next(50, 500) : _random.Next(2, 30);

    private SelfTradePrevention Mode() => (SelfTradePrevention)_random.Next(0, 4);
}
