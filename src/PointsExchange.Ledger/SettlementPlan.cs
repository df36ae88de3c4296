using PointsExchange.Matching;

namespace PointsExchange.Ledger;

/// <summary>
/// Everything one engine batch writes, folded per row: an order touched ten times in a batch is written
/// once, a balance moved by a hundred trades gets one delta. Built by <see cref="SettlementPlanner"/>
/// (pure, no I/O), written by <see cref="LedgerWriter"/> in one transaction. Reused batch after batch.
/// </summary>
public sealed class SettlementPlan
{
    public List<JournalRow> Journal { get; } = [];

    /// <summary>Orders placed in this batch, in their final state.</summary>
    public Dictionary<long, OrderRow> NewOrders { get; } = [];

    /// <summary>Changes to orders placed in earlier batches.</summary>
    public Dictionary<long, OrderChange> OrderChanges { get; } = [];

    public List<TradeRow> Trades { get; } = [];

    public List<EntryRow> Entries { get; } = [];

    /// <summary>One ledger transaction per trade: its id (the trade id) and time.</summary>
    public List<(long TxId, DateTime At)> TradeTransactions { get; } = [];

    /// <summary>Per (account, currency): the change of total and of held.</summary>
    public Dictionary<(long Account, int Currency), (long Total, long Held)> Balances { get; } = [];

    /// <summary>Per pair with a command in the batch (every one is fenced): the highest trade id and a status change, if any.</summary>
    public Dictionary<int, PairChange> Pairs { get; } = [];

    /// <summary>The last journaled command: how a retry finds out whether the batch committed.</summary>
    public long LastCommandId { get; set; }

    public bool IsEmpty => Journal.Count == 0;

    public void Clear()
    {
        Journal.Clear();
        NewOrders.Clear();
        OrderChanges.Clear();
        Trades.Clear();
        Entries.Clear();
        TradeTransactions.Clear();
        Balances.Clear();
        Pairs.Clear();
        LastCommandId = 0;
    }

    public void MoveBalance(long account, int currency, long total, long held)
    {
        if (total == 0 && held == 0)
        {
            return;
        }

        var current = Balances.GetValueOrDefault((account, currency));
        Balances[(account, currency)] = (checked(current.Total + total), checked(current.Held + held));
    }
}

public sealed record JournalRow(
    long CommandId, int PairId, short Kind, short CommandType, long OrderId, long AccountId, short Side, short OrderType,
    short TimeInForce, bool PostOnly, short Stp, long Price, long Quantity, bool Halt, string? ClientOrderId, short Status,
    int EventCount, DateTime CreatedAt);

/// <summary>An order placed in the batch; mutable while the batch is planned.</summary>
public sealed class OrderRow
{
    public long OrderId { get; init; }
    public int PairId { get; init; }
    public long AccountId { get; init; }
    public string? ClientOrderId { get; set; }
    public Side Side { get; init; }
    public OrderType OrderType { get; init; }
    public TimeInForce TimeInForce { get; init; }
    public bool PostOnly { get; init; }
    public SelfTradePrevention Stp { get; init; }
    public long Price { get; set; }
    public long Quantity { get; set; }
    public long Filled { get; set; }
    public OrderStatus Status { get; set; }
    public long Priority { get; set; }
    public long CommandId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>What a batch changed on an order placed earlier; null means unchanged.</summary>
public sealed class OrderChange
{
    public long OrderId { get; init; }
    public long FilledDelta { get; set; }
    public OrderStatus? Status { get; set; }
    public long? Price { get; set; }
    public long? Quantity { get; set; }
    public long? Priority { get; set; }
    public string? ClientOrderId { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed record TradeRow(
    long TradeId, int PairId, long BookTradeId, long CommandId, long TakerOrderId, long MakerOrderId, long TakerAccountId,
    long MakerAccountId, Side TakerSide, long Price, long Quantity, long BaseAmount, long QuoteAmount, long TakerFee,
    long MakerFee, DateTime ExecutedAt);

public readonly record struct EntryRow(long TxId, long AccountId, int CurrencyId, long Amount);

public sealed class PairChange
{
    public long LastTradeId { get; set; }
    public bool? Halted { get; set; }
}
