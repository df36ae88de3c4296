using System.Diagnostics;

namespace PointsExchange.Matching;

public sealed partial class OrderBook
{
    /// <summary>
    /// A new order. Events: Rejected; or Accepted, then Trades, then Expired if a remainder may not
    /// rest (IOC, MARKET, unfillable FOK, self-trade). A LIMIT GTC remainder rests without an event.
    /// </summary>
    private void Place<TSink>(in OrderCommand command, ref TSink sink)
        where TSink : IMatchEventSink
    {
        var reason = ValidatePlace(in command);
        if (reason != ReasonCode.None)
        {
            Reject(in command, reason, ref sink);
            return;
        }

        var taker = new Taker
        {
            OrderId = command.OrderId,
            AccountId = command.AccountId,
            Side = command.Side,
            Price = command.Price,
            Remaining = command.Quantity,
            Mode = NormaliseStp(command.SelfTradePrevention),
        };

        sink.OnEvent(new MatchEvent
        {
            Kind = MatchEventKind.Accepted,
            Side = command.Side,
            OrderId = command.OrderId,
            AccountId = command.AccountId,
            Price = command.Price,
            Quantity = command.Quantity,
            Remaining = command.Quantity,
        });

        if (command.TimeInForce == TimeInForce.Fok && !CanFillCompletely(in taker))
        {
            ExpireTaker(in taker, ReasonCode.FokNotFillable, ref sink);
            return;
        }

        if (!Match(ref taker, ref sink) || taker.Remaining == 0)
        {
            return;
        }

        if (command.OrderType == OrderType.Market)
        {
            ExpireTaker(in taker, ReasonCode.MarketRemainder, ref sink);
        }
        else if (command.TimeInForce != TimeInForce.Gtc)
        {
            Debug.Assert(command.TimeInForce == TimeInForce.Ioc, "a FOK that passed its check fills completely");
            ExpireTaker(in taker, ReasonCode.IocRemainder, ref sink);
        }
        else
        {
            var oi = AllocateOrder();
            ref var o = ref _orders[oi];
            o.OrderId = command.OrderId;
            o.AccountId = command.AccountId;
            o.Side = command.Side;
            o.Price = command.Price;
            o.Quantity = command.Quantity;
            o.Filled = command.Quantity - taker.Remaining;
            o.PostOnly = command.PostOnly;
            o.SelfTradePrevention = taker.Mode;
            _orderIndex.Add(command.OrderId, oi);
            Enqueue(oi, GetOrCreateLevel(command.Side, command.Price));
        }
    }

    /// <summary>
    /// Atomic cancel-replace: the order takes the new price and total quantity (filled part included),
    /// goes to the back of the queue, may trade at once, and rests with any remainder. Either the
    /// whole replace happens or (Rejected) nothing does.
    /// </summary>
    private void Replace<TSink>(in OrderCommand command, ref TSink sink)
        where TSink : IMatchEventSink
    {
        var reason = command.OrderId <= 0
            ? ReasonCode.InvalidOrderId
            : ValidatePriceAndQuantity(command.Price, command.Quantity, checkMinimum: true);
        var oi = Nil;
        if (reason == ReasonCode.None)
        {
            oi = _orderIndex.Get(command.OrderId);
            reason = oi == Nil ? ReasonCode.UnknownOrder
                : _orders[oi].AccountId != command.AccountId ? ReasonCode.AccountMismatch
                : command.Quantity <= _orders[oi].Filled ? ReasonCode.ReplaceBelowFilled
                : _orders[oi].PostOnly && Crosses(_orders[oi].Side, command.Price) ? ReasonCode.PostOnlyWouldCross
                : ReasonCode.None;
        }

        if (reason != ReasonCode.None)
        {
            Reject(in command, reason, ref sink);
            return;
        }

        ref var o = ref _orders[oi];
        var previousPrice = o.Price;
        var previousRemaining = o.Remaining;
        Dequeue(oi);
        o.Price = command.Price;
        o.Quantity = command.Quantity;
        sink.OnEvent(new MatchEvent
        {
            Kind = MatchEventKind.Replaced,
            Side = o.Side,
            OrderId = o.OrderId,
            AccountId = o.AccountId,
            Price = o.Price,
            Quantity = o.Quantity,
            Remaining = o.Remaining,
            PreviousPrice = previousPrice,
            PreviousRemaining = previousRemaining,
        });

        var taker = new Taker
        {
            OrderId = o.OrderId,
            AccountId = o.AccountId,
            Side = o.Side,
            Price = o.Price,
            Remaining = o.Remaining,
            Mode = o.SelfTradePrevention,
        };

        // Matching never grows the pools, so the ref into _orders stays valid across it.
        var alive = Match(ref taker, ref sink) && taker.Remaining > 0;
        if (alive)
        {
            o.Filled = o.Quantity - taker.Remaining;
            Enqueue(oi, GetOrCreateLevel(o.Side, o.Price));
        }
        else
        {
            _orderIndex.Remove(o.OrderId);
            FreeOrder(oi);
        }
    }

    private ReasonCode ValidatePlace(in OrderCommand c)
    {
        if (c.OrderId <= 0)
        {
            return ReasonCode.InvalidOrderId;
        }

        if (c.AccountId <= 0)
        {
            return ReasonCode.InvalidAccount;
        }

        if (c.Side is not (Side.Buy or Side.Sell))
        {
            return ReasonCode.InvalidSide;
        }

        if (c.OrderType is not (OrderType.Limit or OrderType.Market))
        {
            return ReasonCode.InvalidOrderType;
        }

        if (c.TimeInForce is not (TimeInForce.Gtc or TimeInForce.Ioc or TimeInForce.Fok))
        {
            return ReasonCode.InvalidTimeInForce;
        }

        if (c.SelfTradePrevention > SelfTradePrevention.ExpireBoth)
        {
            return ReasonCode.InvalidSelfTradePrevention;
        }

        var reason = ValidatePriceAndQuantity(c.Price, c.Quantity, checkMinimum: true);
        if (reason != ReasonCode.None)
        {
            return reason;
        }

        if (c.PostOnly && (c.OrderType != OrderType.Limit || c.TimeInForce != TimeInForce.Gtc))
        {
            return ReasonCode.PostOnlyNotAllowed;
        }

        if (_orderIndex.Get(c.OrderId) != Nil)
        {
            return ReasonCode.DuplicateOrderId;
        }

        return c.PostOnly && Crosses(c.Side, c.Price) ? ReasonCode.PostOnlyWouldCross : ReasonCode.None;
    }

    private ReasonCode ValidatePriceAndQuantity(long price, long quantity, bool checkMinimum)
    {
        if (price <= 0)
        {
            return ReasonCode.InvalidPrice;
        }

        if (price % _spec.TickSize != 0)
        {
            return ReasonCode.PriceNotOnTick;
        }

        if (quantity <= 0)
        {
            return ReasonCode.InvalidQuantity;
        }

        if (checkMinimum && quantity < _spec.MinQuantity)
        {
            return ReasonCode.BelowMinQuantity;
        }

        // Both products must fit: q * price QUOTE points and q * lot_size BASE points change hands.
        return quantity > long.MaxValue / price || quantity > long.MaxValue / _spec.LotSize
            ? ReasonCode.NotionalOverflow
            : ReasonCode.None;
    }

    private static void Reject<TSink>(in OrderCommand c, ReasonCode reason, ref TSink sink)
        where TSink : IMatchEventSink =>
        sink.OnEvent(new MatchEvent
        {
            Kind = MatchEventKind.Rejected,
            Reason = reason,
            Side = c.Side,
            OrderId = c.OrderId,
            AccountId = c.AccountId,
            Price = c.Price,
            Quantity = c.Quantity,
        });

    private static void ExpireTaker<TSink>(in Taker taker, ReasonCode reason, ref TSink sink)
        where TSink : IMatchEventSink =>
        sink.OnEvent(new MatchEvent
        {
            Kind = MatchEventKind.Expired,
            Reason = reason,
            Side = taker.Side,
            OrderId = taker.OrderId,
            AccountId = taker.AccountId,
            Price = taker.Price,
            Quantity = taker.Remaining,
        });

    /// <summary>The incoming side of a match: a new order, or a replaced one taken off its level.</summary>
    private struct Taker
    {
        public long OrderId;
        public long AccountId;
        public long Price;
        public long Remaining;
        public Side Side;
        public SelfTradePrevention Mode;
    }
}
