using PointsExchange.Matching;

namespace PointsExchange.Testing;

/// <summary>
/// A slow, obviously correct order book: each side is one list kept in priority order (best price
/// first, then arrival), matching walks it from the front, everything else is a linear search.
/// It shares no code with <see cref="OrderBook"/> beyond the public types and the hash definition,
/// so the differential tests compare two independent readings of the same rules.
/// </summary>
public sealed class ReferenceOrderBook(OrderBookSpec spec)
{
    private readonly List<Order> _bids = [];
    private readonly List<Order> _asks = [];
    private long _lastTradeId;

    public int OrderCount => _bids.Count + _asks.Count;

    public List<MatchEvent> Execute(in OrderCommand c)
    {
        var events = new List<MatchEvent>();
        switch (c.Type)
        {
            case CommandType.Place: Place(c, events); break;
            case CommandType.Cancel: Cancel(c, events); break;
            case CommandType.Amend: Amend(c, events); break;
            case CommandType.Replace: Replace(c, events); break;
            default: events.Add(Rejected(c, ReasonCode.InvalidCommand)); break;
        }

        return events;
    }

    public ulong StateHash()
    {
        var hasher = new StateHasher();
        hasher.AddHeader(_lastTradeId);
        foreach (var (side, list) in new[] { (Side.Buy, _bids), (Side.Sell, _asks) })
        {
            hasher.AddSide(side);
            foreach (var level in list.GroupBy(o => o.Price))
            {
                hasher.AddLevel(level.Key, level.Count());
                foreach (var o in level)
                {
                    hasher.AddOrder(o.OrderId, o.AccountId, o.Quantity, o.Filled);
                }
            }
        }

        return hasher.Finish();
    }

    public IReadOnlyList<DepthLevel> Depth(Side side) =>
        (side == Side.Buy ? _bids : _asks)
            .GroupBy(o => o.Price)
            .Select(g => new DepthLevel(g.Key, g.Sum(o => o.Quantity - o.Filled), g.Count()))
            .ToList();

    private void Place(OrderCommand c, List<MatchEvent> events)
    {
        var reason =
            c.OrderId <= 0 ? ReasonCode.InvalidOrderId :
            c.AccountId <= 0 ? ReasonCode.InvalidAccount :
            c.Side != Side.Buy && c.Side != Side.Sell ? ReasonCode.InvalidSide :
            c.OrderType != OrderType.Limit && c.OrderType != OrderType.Market ? ReasonCode.InvalidOrderType :
            c.TimeInForce != TimeInForce.Gtc && c.TimeInForce != TimeInForce.Ioc && c.TimeInForce != TimeInForce.Fok ? ReasonCode.InvalidTimeInForce :
            (int)c.SelfTradePrevention > 3 ? ReasonCode.InvalidSelfTradePrevention :
            PriceAndQuantity(c.Price, c.Quantity);
        if (reason == ReasonCode.None && c.PostOnly && (c.OrderType == OrderType.Market || c.TimeInForce != TimeInForce.Gtc))
        {
            reason = ReasonCode.PostOnlyNotAllowed;
        }

        if (reason == ReasonCode.None && Find(c.OrderId) is not null)
        {
            reason = ReasonCode.DuplicateOrderId;
        }

        if (reason == ReasonCode.None && c.PostOnly && Opposite(c.Side).Any(m => Acceptable(c.Side, c.Price, m.Price)))
        {
            reason = ReasonCode.PostOnlyWouldCross;
        }

        if (reason != ReasonCode.None)
        {
            events.Add(Rejected(c, reason));
            return;
        }

        var mode = c.SelfTradePrevention == SelfTradePrevention.Unspecified ? SelfTradePrevention.ExpireMaker : c.SelfTradePrevention;
        var order = new Order(c.OrderId, c.AccountId, c.Side, c.Price, c.Quantity, 0, c.PostOnly, mode);
        events.Add(new MatchEvent
        {
            Kind = MatchEventKind.Accepted,
            Side = c.Side,
            OrderId = c.OrderId,
            AccountId = c.AccountId,
            Price = c.Price,
            Quantity = c.Quantity,
            Remaining = c.Quantity,
        });

        if (c.TimeInForce == TimeInForce.Fok && !FokFillable(order))
        {
            events.Add(Ended(order, MatchEventKind.Expired, ReasonCode.FokNotFillable));
            return;
        }

        if (!Match(order, events) || order.Remaining == 0)
        {
            return;
        }

        if (c.OrderType == OrderType.Market)
        {
            events.Add(Ended(order, MatchEventKind.Expired, ReasonCode.MarketRemainder));
        }
        else if (c.TimeInForce != TimeInForce.Gtc)
        {
            events.Add(Ended(order, MatchEventKind.Expired, ReasonCode.IocRemainder));
        }
        else
        {
            Rest(order);
        }
    }

    private void Cancel(OrderCommand c, List<MatchEvent> events)
    {
        var (order, reason) = FindOwn(c);
        if (order is null)
        {
            events.Add(Rejected(c, reason));
            return;
        }

        events.Add(Ended(order, MatchEventKind.Cancelled, ReasonCode.CancelledByUser));
        SideList(order.Side).Remove(order);
    }

    private void Amend(OrderCommand c, List<MatchEvent> events)
    {
        Order? order = null;
        var reason = c.OrderId <= 0 ? ReasonCode.InvalidOrderId : c.Quantity <= 0 ? ReasonCode.InvalidQuantity : ReasonCode.None;
        if (reason == ReasonCode.None)
        {
            (order, reason) = FindOwn(c);
        }

        if (order is not null && c.Quantity >= order.Quantity)
        {
            reason = ReasonCode.AmendMustReduce;
        }

        if (reason != ReasonCode.None || order is null)
        {
            events.Add(Rejected(c, reason));
            return;
        }

        if (c.Quantity <= order.Filled)
        {
            events.Add(Ended(order, MatchEventKind.Cancelled, ReasonCode.AmendedBelowFilled));
            SideList(order.Side).Remove(order);
            return;
        }

        var (previousPrice, previousRemaining) = (order.Price, order.Remaining);
        order.Quantity = c.Quantity;
        events.Add(Changed(order, MatchEventKind.Amended, previousPrice, previousRemaining));
    }

    private void Replace(OrderCommand c, List<MatchEvent> events)
    {
        Order? order = null;
        var reason = c.OrderId <= 0 ? ReasonCode.InvalidOrderId : PriceAndQuantity(c.Price, c.Quantity);
        if (reason == ReasonCode.None)
        {
            (order, reason) = FindOwn(c);
        }

        if (order is not null && reason == ReasonCode.None)
        {
            if (c.Quantity <= order.Filled)
            {
                reason = ReasonCode.ReplaceBelowFilled;
            }
            else if (order.PostOnly && Opposite(order.Side).Any(m => Acceptable(order.Side, c.Price, m.Price)))
            {
                reason = ReasonCode.PostOnlyWouldCross;
            }
        }

        if (reason != ReasonCode.None || order is null)
        {
            events.Add(Rejected(c, reason));
            return;
        }

        SideList(order.Side).Remove(order);
        var (oldPrice, oldRemaining) = (order.Price, order.Remaining);
        order.Price = c.Price;
        order.Quantity = c.Quantity;
        events.Add(Changed(order, MatchEventKind.Replaced, oldPrice, oldRemaining));
        if (Match(order, events) && order.Remaining > 0)
        {
            Rest(order);
        }
    }

    /// <summary>Trades against the other side from its front; false if self-trade prevention expired the taker.</summary>
    private bool Match(Order taker, List<MatchEvent> events)
    {
        var opposite = Opposite(taker.Side);
        while (taker.Remaining > 0 && opposite.Count > 0 && Acceptable(taker.Side, taker.Price, opposite[0].Price))
        {
            var maker = opposite[0];
            if (maker.AccountId == taker.AccountId)
            {
                if (taker.Mode is SelfTradePrevention.ExpireMaker or SelfTradePrevention.ExpireBoth)
                {
                    events.Add(Ended(maker, MatchEventKind.Expired, ReasonCode.SelfTradeMaker));
                    opposite.RemoveAt(0);
                }

                if (taker.Mode is SelfTradePrevention.ExpireTaker or SelfTradePrevention.ExpireBoth)
                {
                    events.Add(Ended(taker, MatchEventKind.Expired, ReasonCode.SelfTradeTaker));
                    return false;
                }

                continue;
            }

            var quantity = Math.Min(taker.Remaining, maker.Remaining);
            maker.Filled += quantity;
            taker.Filled += quantity;
            events.Add(new MatchEvent
            {
                Kind = MatchEventKind.Trade,
                Side = taker.Side,
                OrderId = taker.OrderId,
                AccountId = taker.AccountId,
                Price = maker.Price,
                Quantity = quantity,
                Remaining = taker.Remaining,
                TradeId = ++_lastTradeId,
                MakerOrderId = maker.OrderId,
                MakerAccountId = maker.AccountId,
                MakerRemaining = maker.Remaining,
            });
            if (maker.Remaining == 0)
            {
                opposite.RemoveAt(0);
            }
        }

        return true;
    }

    private bool FokFillable(Order taker)
    {
        var available = 0L;
        foreach (var maker in Opposite(taker.Side).TakeWhile(m => Acceptable(taker.Side, taker.Price, m.Price)))
        {
            if (maker.AccountId == taker.AccountId)
            {
                if (taker.Mode == SelfTradePrevention.ExpireMaker)
                {
                    continue;
                }

                break;
            }

            available += maker.Remaining;
        }

        return available >= taker.Remaining;
    }

    /// <summary>Inserts after every order with a better or equal price: the newest order at a price is last.</summary>
    private void Rest(Order order)
    {
        var list = SideList(order.Side);
        var position = order.Side == Side.Buy
            ? list.Count(o => o.Price >= order.Price)
            : list.Count(o => o.Price <= order.Price);
        list.Insert(position, order);
    }

    private ReasonCode PriceAndQuantity(long price, long quantity) =>
        price <= 0 ? ReasonCode.InvalidPrice :
        price % spec.TickSize != 0 ? ReasonCode.PriceNotOnTick :
        quantity <= 0 ? ReasonCode.InvalidQuantity :
        quantity < spec.MinQuantity ? ReasonCode.BelowMinQuantity :
        (Int128)quantity * price > long.MaxValue || (Int128)quantity * spec.LotSize > long.MaxValue ? ReasonCode.NotionalOverflow :
        ReasonCode.None;

    private (Order? Order, ReasonCode Reason) FindOwn(OrderCommand c)
    {
        if (c.OrderId <= 0)
        {
            return (null, ReasonCode.InvalidOrderId);
        }

        var order = Find(c.OrderId);
        return order is null ? (null, ReasonCode.UnknownOrder)
            : order.AccountId != c.AccountId ? (null, ReasonCode.AccountMismatch)
            : (order, ReasonCode.None);
    }

    private Order? Find(long orderId) => _bids.Concat(_asks).FirstOrDefault(o => o.OrderId == orderId);

    private static bool Acceptable(Side takerSide, long limit, long makerPrice) =>
        takerSide == Side.Buy ? makerPrice <= limit : makerPrice >= limit;

    private List<Order> SideList(Side side) => side == Side.Buy ? _bids : _asks;

    private List<Order> Opposite(Side side) => side == Side.Buy ? _asks : _bids;

    private static MatchEvent Rejected(OrderCommand c, ReasonCode reason) => new()
    {
        Kind = MatchEventKind.Rejected,
        Reason = reason,
        Side = c.Side,
        OrderId = c.OrderId,
        AccountId = c.AccountId,
        Price = c.Price,
        Quantity = c.Quantity,
    };

    private static MatchEvent Ended(Order o, MatchEventKind kind, ReasonCode reason) => new()
    {
        Kind = kind,
        Reason = reason,
        Side = o.Side,
        OrderId = o.OrderId,
        AccountId = o.AccountId,
        Price = o.Price,
        Quantity = o.Remaining,
    };

    private static MatchEvent Changed(Order o, MatchEventKind kind, long previousPrice, long previousRemaining) => new()
    {
        Kind = kind,
        Side = o.Side,
        OrderId = o.OrderId,
        AccountId = o.AccountId,
        Price = o.Price,
        Quantity = o.Quantity,
        Remaining = o.Remaining,
        PreviousPrice = previousPrice,
        PreviousRemaining = previousRemaining,
    };

    private sealed class Order(long orderId, long accountId, Side side, long price, long quantity, long filled,
        bool postOnly, SelfTradePrevention mode)
    {
        public long OrderId { get; } = orderId;
        public long AccountId { get; } = accountId;
        public Side Side { get; } = side;
        public long Price { get; set; } = price;
        public long Quantity { get; set; } = quantity;
        public long Filled { get; set; } = filled;
        public bool PostOnly { get; } = postOnly;
        public SelfTradePrevention Mode { get; } = mode;
        public long Remaining => Quantity - Filled;
    }
}
