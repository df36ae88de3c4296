using PointsExchange.Engine;
using PointsExchange.Matching;

namespace PointsExchange.Ledger;

/// <summary>
/// Turns an engine batch into ledger rows, with no I/O: the journal, orders (one row per order however
/// often it changed), trades, one ledger transaction per trade whose entries sum to zero per currency,
/// and one delta per balance. The amounts come from <see cref="BalanceEffects"/>.
/// </summary>
public static class SettlementPlanner
{
    /// <summary>Trade ids in the ledger: the pair in the high bits, the book's trade sequence in the low 40.</summary>
    public static long GlobalTradeId(int pairId, long bookTradeId) => ((long)pairId << 40) | bookTradeId;

    public static void Plan(in CommitBatch batch, Func<int, PairInfo> pairs, long feeAccountId, SettlementPlan plan)
    {
        plan.Clear();
        for (var i = 0; i < batch.Count; i++)
        {
            ref readonly var slot = ref batch[i];
            if (!slot.Applied)
            {
                continue;
            }

            var at = ToUtc(slot.Command.Timestamp);
            plan.Journal.Add(Journal(in slot, at));
            plan.LastCommandId = slot.Command.CommandId;
            var pair = pairs(slot.Command.PairId);
            var pairChange = PairChangeOf(plan, pair.PairId);
            if (slot.Status == CommandStatus.StatusChanged)
            {
                pairChange.Halted = slot.Command.Halt;
                continue;
            }

            var events = batch.EventsOf(in slot);
            for (var e = 0; e < events.Count; e++)
            {
                Apply(plan, pair, feeAccountId, in slot.Command, in events[e], at);
            }
        }
    }

    private static void Apply(SettlementPlan plan, PairInfo pair, long feeAccountId, in EngineCommand command, in MatchEvent e, DateTime at)
    {
        var mover = new PlanMover(plan, e.Kind == MatchEventKind.Trade ? GlobalTradeId(pair.PairId, e.TradeId) : 0);
        BalanceEffects.Apply(pair, feeAccountId, in command, in e, ref mover);
        switch (e.Kind)
        {
            case MatchEventKind.Accepted:
                plan.NewOrders[e.OrderId] = new OrderRow
                {
                    OrderId = e.OrderId,
                    PairId = pair.PairId,
                    AccountId = e.AccountId,
                    ClientOrderId = command.ClientOrderId,
                    Side = e.Side,
                    OrderType = command.Order.OrderType,
                    TimeInForce = command.Order.TimeInForce,
                    PostOnly = command.Order.PostOnly,
                    Stp = command.Order.SelfTradePrevention == SelfTradePrevention.Unspecified
                        ? SelfTradePrevention.ExpireMaker
                        : command.Order.SelfTradePrevention,
                    Price = e.Price,
                    Quantity = e.Quantity,
                    Status = OrderStatus.New,
                    Priority = command.CommandId,
                    CommandId = command.CommandId,
                    CreatedAt = at,
                    UpdatedAt = at,
                };
                break;

            case MatchEventKind.Trade:
                Trade(plan, pair, in command, in e, at);
                break;

            case MatchEventKind.Cancelled or MatchEventKind.Expired:
                Touch(plan, e.OrderId, at, status: e.Kind == MatchEventKind.Cancelled ? OrderStatus.Cancelled : OrderStatus.Expired);
                break;

            case MatchEventKind.Amended:
                Touch(plan, e.OrderId, at, quantity: e.Quantity);
                break;

            case MatchEventKind.Replaced:
                Touch(plan, e.OrderId, at, price: e.Price, quantity: e.Quantity, priority: command.CommandId,
                    clientOrderId: command.ClientOrderId, status: e.Remaining < e.Quantity ? OrderStatus.PartiallyFilled : OrderStatus.New);
                break;
        }
    }

    private static void Trade(SettlementPlan plan, PairInfo pair, in EngineCommand command, in MatchEvent e, DateTime at)
    {
        var baseAmount = checked(e.Quantity * pair.LotSize);
        var quoteAmount = checked(e.Quantity * e.Price);
        var (buyerBps, sellerBps) = e.Side == Side.Buy ? (pair.TakerFeeBps, pair.MakerFeeBps) : (pair.MakerFeeBps, pair.TakerFeeBps);
        var buyerFee = BalanceEffects.Fee(baseAmount, buyerBps);
        var sellerFee = BalanceEffects.Fee(quoteAmount, sellerBps);
        var txId = GlobalTradeId(pair.PairId, e.TradeId);
        plan.Trades.Add(new TradeRow(txId, pair.PairId, e.TradeId, command.CommandId, e.OrderId, e.MakerOrderId, e.AccountId,
            e.MakerAccountId, e.Side, e.Price, e.Quantity, baseAmount, quoteAmount,
            e.Side == Side.Buy ? buyerFee : sellerFee, e.Side == Side.Buy ? sellerFee : buyerFee, at));
        plan.TradeTransactions.Add((txId, at));
        Fill(plan, e.OrderId, e.Quantity, e.Remaining, at);
        Fill(plan, e.MakerOrderId, e.Quantity, e.MakerRemaining, at);
        var change = PairChangeOf(plan, pair.PairId);
        change.LastTradeId = Math.Max(change.LastTradeId, e.TradeId);
    }

    /// <summary>Applies balance effects to the plan; a trade's total moves also become its ledger entries.</summary>
    private readonly struct PlanMover(SettlementPlan plan, long tradeTxId) : IBalanceMover
    {
        public void Move(long account, int currency, long total, long held)
        {
            plan.MoveBalance(account, currency, total, held);
            if (total != 0)
            {
                plan.Entries.Add(new EntryRow(tradeTxId, account, currency, total));
            }
        }
    }

    private static void Fill(SettlementPlan plan, long orderId, long quantity, long remaining, DateTime at)
    {
        var status = remaining == 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled;
        if (plan.NewOrders.TryGetValue(orderId, out var row))
        {
            row.Filled += quantity;
            row.Status = status;
            row.UpdatedAt = at;
            return;
        }

        var change = ChangeOf(plan, orderId, at);
        change.FilledDelta += quantity;
        change.Status = status;
    }

    private static void Touch(SettlementPlan plan, long orderId, DateTime at, OrderStatus? status = null, long? price = null,
        long? quantity = null, long? priority = null, string? clientOrderId = null)
    {
        if (plan.NewOrders.TryGetValue(orderId, out var row))
        {
            row.Status = status ?? row.Status;
            row.Price = price ?? row.Price;
            row.Quantity = quantity ?? row.Quantity;
            row.Priority = priority ?? row.Priority;
            row.ClientOrderId = clientOrderId ?? row.ClientOrderId;
            row.UpdatedAt = at;
            return;
        }

        var change = ChangeOf(plan, orderId, at);
        change.Status = status ?? change.Status;
        change.Price = price ?? change.Price;
        change.Quantity = quantity ?? change.Quantity;
        change.Priority = priority ?? change.Priority;
        change.ClientOrderId = clientOrderId ?? change.ClientOrderId;
    }

    private static OrderChange ChangeOf(SettlementPlan plan, long orderId, DateTime at)
    {
        if (!plan.OrderChanges.TryGetValue(orderId, out var change))
        {
            change = new OrderChange { OrderId = orderId };
            plan.OrderChanges[orderId] = change;
        }

        change.UpdatedAt = at;
        return change;
    }

    private static PairChange PairChangeOf(SettlementPlan plan, int pairId)
    {
        if (!plan.Pairs.TryGetValue(pairId, out var change))
        {
            change = new PairChange();
            plan.Pairs[pairId] = change;
        }

        return change;
    }

    private static JournalRow Journal(in EngineSlot slot, DateTime at)
    {
        ref readonly var c = ref slot.Command;
        return new JournalRow(c.CommandId, c.PairId, (short)c.Kind, (short)c.Order.Type, c.Order.OrderId, c.Order.AccountId,
            (short)c.Order.Side, (short)c.Order.OrderType, (short)c.Order.TimeInForce, c.Order.PostOnly, (short)c.Order.SelfTradePrevention,
            c.Order.Price, c.Order.Quantity, c.Halt, c.ClientOrderId, (short)slot.Status, slot.EventCount, at);
    }

    public static DateTime ToUtc(long unixMicroseconds) =>
        DateTime.UnixEpoch.AddTicks(unixMicroseconds * TimeSpan.TicksPerMicrosecond);

    public static long ToMicros(DateTime utc) => (utc.ToUniversalTime() - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
}
