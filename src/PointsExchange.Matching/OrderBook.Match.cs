namespace PointsExchange.Matching;

public sealed partial class OrderBook
{
    /// <summary>
    /// Trades <paramref name="taker"/> against the other side in price-time priority, at each resting
    /// order's price, while the taker has quantity and the best level is within its limit. Returns
    /// false when self-trade prevention expired the taker (its Expired event is already written).
    /// </summary>
    /// <remarks>
    /// The resting order met is always the head of the best level: everything before it has filled
    /// or expired. So removal is a pop from the head; an emptied level goes dormant and Best moves on.
    /// Nothing here allocates, grows a pool or restructures the level tree.
    /// </remarks>
    private bool Match<TSink>(ref Taker taker, ref TSink sink)
        where TSink : IMatchEventSink
    {
        ref var book = ref SideOf(Opposite(taker.Side));
        var limitKey = OppositeLimitKey(taker.Side, taker.Price);
        var levels = _levels;
        var orders = _orders;
        var alive = true;

        while (taker.Remaining > 0 && alive)
        {
            var li = book.Best;
            if (li == Nil || levels[li].Key > limitKey)
            {
                break;
            }

            ref var level = ref levels[li];
            while (level.Head != Nil)
            {
                var mi = level.Head;
                ref var maker = ref orders[mi];
                if (maker.AccountId == taker.AccountId)
                {
                    if (taker.Mode != SelfTradePrevention.ExpireTaker)
                    {
                        RemoveResting(mi, MatchEventKind.Expired, ReasonCode.SelfTradeMaker, ref sink);
                    }

                    if (taker.Mode != SelfTradePrevention.ExpireMaker)
                    {
                        ExpireTaker(in taker, ReasonCode.SelfTradeTaker, ref sink);
                        taker.Remaining = 0;
                        alive = false;
                        break;
                    }

                    continue;
                }

                var quantity = Math.Min(taker.Remaining, maker.Remaining);
                maker.Filled += quantity;
                level.Quantity -= quantity;
                taker.Remaining -= quantity;
                sink.OnEvent(new MatchEvent
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
                    Discard(mi);
                }

                if (taker.Remaining == 0)
                {
                    break;
                }
            }
        }

        return alive;
    }

    /// <summary>
    /// FOK pre-check, walking exactly as <see cref="Match"/> would: sums what the taker could trade
    /// within its limit, skipping own orders that ExpireMaker would remove and stopping at the first
    /// own order under ExpireTaker or ExpireBoth (the taker would expire there).
    /// </summary>
    private bool CanFillCompletely(in Taker taker)
    {
        var needed = taker.Remaining;
        var limitKey = OppositeLimitKey(taker.Side, taker.Price);
        for (var li = SideOf(Opposite(taker.Side)).Best; li != Nil && _levels[li].Key <= limitKey; li = _levels[li].Worse)
        {
            for (var oi = _levels[li].Head; oi != Nil; oi = _orders[oi].Next)
            {
                ref readonly var o = ref _orders[oi];
                if (o.AccountId == taker.AccountId)
                {
                    if (taker.Mode == SelfTradePrevention.ExpireMaker)
                    {
                        continue;
                    }

                    return false;
                }

                needed -= o.Remaining;
                if (needed <= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether an order of <paramref name="side"/> at <paramref name="price"/> would trade at once.</summary>
    private bool Crosses(Side side, long price)
    {
        var best = SideOf(Opposite(side)).Best;
        return best != Nil && _levels[best].Key <= OppositeLimitKey(side, price);
    }

    private static Side Opposite(Side side) => side == Side.Buy ? Side.Sell : Side.Buy;

    /// <summary>
    /// Level keys are -price for bids and +price for asks, so on either side "better" means "smaller
    /// key". A taker may trade with an opposite level whose key is at most this value.
    /// </summary>
    private static long OppositeLimitKey(Side takerSide, long limitPrice) =>
        takerSide == Side.Buy ? limitPrice : -limitPrice;

    private static long KeyOf(Side side, long price) => side == Side.Buy ? -price : price;
}
