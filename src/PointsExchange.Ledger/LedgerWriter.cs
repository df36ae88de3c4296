using Npgsql;

namespace PointsExchange.Ledger;

/// <summary>
/// Writes a <see cref="SettlementPlan"/> in one transaction and a handful of round trips, none per row:
/// updates take whole columns as arrays (<c>unnest</c>) in one <see cref="NpgsqlBatch"/>, new rows go
/// by binary COPY. The first statement is the fence: it touches each pair's row only if the row still
/// holds this writer's epoch, so a stale writer changes nothing and is refused.
/// </summary>
internal static class LedgerWriter
{
    private static readonly Table<JournalRow> Journal = new("command_journal",
        Table<JournalRow>.Of("command_id", "bigint", r => r.CommandId),
        Table<JournalRow>.Of("pair_id", "int", r => r.PairId),
        Table<JournalRow>.Of("kind", "smallint", r => r.Kind),
        Table<JournalRow>.Of("command_type", "smallint", r => r.CommandType),
        Table<JournalRow>.Of("order_id", "bigint", r => r.OrderId),
        Table<JournalRow>.Of("account_id", "bigint", r => r.AccountId),
        Table<JournalRow>.Of("side", "smallint", r => r.Side),
        Table<JournalRow>.Of("order_type", "smallint", r => r.OrderType),
        Table<JournalRow>.Of("time_in_force", "smallint", r => r.TimeInForce),
        Table<JournalRow>.Of("post_only", "boolean", r => r.PostOnly),
        Table<JournalRow>.Of("stp", "smallint", r => r.Stp),
        Table<JournalRow>.Of("price", "bigint", r => r.Price),
        Table<JournalRow>.Of("quantity", "bigint", r => r.Quantity),
        Table<JournalRow>.Of("halt", "boolean", r => r.Halt),
        Table<JournalRow>.Of("client_order_id", "text", r => r.ClientOrderId),
        Table<JournalRow>.Of("status", "smallint", r => r.Status),
        Table<JournalRow>.Of("event_count", "int", r => r.EventCount),
        Table<JournalRow>.Of("created_at", "timestamptz", r => r.CreatedAt));

    private static readonly Table<OrderRow> Orders = new("orders",
        Table<OrderRow>.Of("order_id", "bigint", r => r.OrderId),
        Table<OrderRow>.Of("pair_id", "int", r => r.PairId),
        Table<OrderRow>.Of("account_id", "bigint", r => r.AccountId),
        Table<OrderRow>.Of("client_order_id", "text", r => r.ClientOrderId),
        Table<OrderRow>.Of("side", "smallint", r => (short)r.Side),
        Table<OrderRow>.Of("order_type", "smallint", r => (short)r.OrderType),
        Table<OrderRow>.Of("time_in_force", "smallint", r => (short)r.TimeInForce),
        Table<OrderRow>.Of("post_only", "boolean", r => r.PostOnly),
        Table<OrderRow>.Of("stp", "smallint", r => (short)r.Stp),
        Table<OrderRow>.Of("price", "bigint", r => r.Price),
        Table<OrderRow>.Of("quantity", "bigint", r => r.Quantity),
        Table<OrderRow>.Of("filled", "bigint", r => r.Filled),
        Table<OrderRow>.Of("status", "smallint", r => (short)r.Status),
        Table<OrderRow>.Of("priority", "bigint", r => r.Priority),
        Table<OrderRow>.Of("command_id", "bigint", r => r.CommandId),
        Table<OrderRow>.Of("created_at", "timestamptz", r => r.CreatedAt),
        Table<OrderRow>.Of("updated_at", "timestamptz", r => r.UpdatedAt));

    private static readonly Table<TradeRow> Trades = new("trades",
        Table<TradeRow>.Of("trade_id", "bigint", r => r.TradeId),
        Table<TradeRow>.Of("pair_id", "int", r => r.PairId),
        Table<TradeRow>.Of("book_trade_id", "bigint", r => r.BookTradeId),
        Table<TradeRow>.Of("command_id", "bigint", r => r.CommandId),
        Table<TradeRow>.Of("taker_order_id", "bigint", r => r.TakerOrderId),
        Table<TradeRow>.Of("maker_order_id", "bigint", r => r.MakerOrderId),
        Table<TradeRow>.Of("taker_account_id", "bigint", r => r.TakerAccountId),
        Table<TradeRow>.Of("maker_account_id", "bigint", r => r.MakerAccountId),
        Table<TradeRow>.Of("taker_side", "smallint", r => (short)r.TakerSide),
        Table<TradeRow>.Of("price", "bigint", r => r.Price),
        Table<TradeRow>.Of("quantity", "bigint", r => r.Quantity),
        Table<TradeRow>.Of("base_amount", "bigint", r => r.BaseAmount),
        Table<TradeRow>.Of("quote_amount", "bigint", r => r.QuoteAmount),
        Table<TradeRow>.Of("taker_fee", "bigint", r => r.TakerFee),
        Table<TradeRow>.Of("maker_fee", "bigint", r => r.MakerFee),
        Table<TradeRow>.Of("executed_at", "timestamptz", r => r.ExecutedAt));

    private static readonly Table<(long TxId, DateTime At)> Transactions = new("ledger_transactions",
        Table<(long TxId, DateTime At)>.Of("tx_id", "bigint", r => r.TxId),
        Table<(long TxId, DateTime At)>.Of("kind", "smallint", _ => (short)LedgerTransactionKind.Trade),
        Table<(long TxId, DateTime At)>.Of("created_at", "timestamptz", r => r.At));

    // One statement for all of a batch's entries: the balancing trigger checks every transaction at its end.
    private static readonly Table<EntryRow> Entries = new("ledger_entries",
        Table<EntryRow>.Of("tx_id", "bigint", r => r.TxId),
        Table<EntryRow>.Of("account_id", "bigint", r => r.AccountId),
        Table<EntryRow>.Of("currency_id", "int", r => r.CurrencyId),
        Table<EntryRow>.Of("amount", "bigint", r => r.Amount));

    // A batch's new rows for all five tables in one statement: each statement costs 30-50 us before its first row
    // at the batch sizes of 2,000/s (docs/performance.md, section 16). Data-modifying CTEs always run to the end,
    // and the entries' balancing trigger fires at the end of the statement, after all of them. Write adds the
    // tables' arrays in this order.
    private static readonly string AppendSql = Appends(Journal, Orders, Trades, Transactions, Entries);

    private const string FenceSql = """
        update pairs p
           set last_trade_id = greatest(p.last_trade_id, d.last_trade_id),
               status = case when d.halted is null then p.status when d.halted then 2 else 1 end
          from unnest($1::int[], $2::bigint[], $3::bigint[], $4::boolean[]) as d(pair_id, epoch, last_trade_id, halted)
         where p.pair_id = d.pair_id and p.epoch = d.epoch
        """;

    private const string OrderChangesSql = """
        update orders o
           set filled = o.filled + d.filled_delta,
               status = coalesce(d.status, o.status),
               price = coalesce(d.price, o.price),
               quantity = coalesce(d.quantity, o.quantity),
               priority = coalesce(d.priority, o.priority),
               client_order_id = coalesce(d.client_order_id, o.client_order_id),
               updated_at = d.updated_at
          from unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[],
               $8::timestamptz[]) as d(order_id, filled_delta, status, price, quantity, priority, client_order_id, updated_at)
         where o.order_id = d.order_id
        """;

    // Balances: make sure every row exists (an insert candidate must pass the CHECKs, so it carries no
    // amount), lock the rows in key order so that concurrent writers (several shards, issuance) never
    // deadlock, then apply the deltas. The CHECK constraints refuse any overdraft the deltas would cause.
    private const string EnsureBalancesSql = """
        insert into balances (account_id, currency_id)
        select * from unnest($1::bigint[], $2::int[]) on conflict do nothing
        """;

    private const string LockBalancesSql = """
        select 1 from balances b join unnest($1::bigint[], $2::int[]) as d(account_id, currency_id)
            on b.account_id = d.account_id and b.currency_id = d.currency_id
         order by b.account_id, b.currency_id for update of b
        """;

    private const string MoveBalancesSql = """
        update balances b set total = b.total + d.total, held = b.held + d.held
          from unnest($1::bigint[], $2::int[], $3::bigint[], $4::bigint[]) as d(account_id, currency_id, total, held)
         where b.account_id = d.account_id and b.currency_id = d.currency_id
        """;

    public static void Write(NpgsqlConnection connection, NpgsqlTransaction tx, SettlementPlan plan,
        Func<int, long> epochOf, Func<(long Account, int Currency), bool> balanceRowExists, LedgerOptions options)
    {
        // Round trip 1: the fence, the changes to earlier orders and the balances, in one batch. Balance
        // CHECK violations and a stale epoch surface here, before anything is copied.
        // (The fence is the first statement; PostgreSQL runs a batch's statements in order.)
        using var batch = new NpgsqlBatch(connection, tx) { Timeout = (int)options.CommandTimeout.TotalSeconds };
        var pairs = plan.Pairs.OrderBy(p => p.Key).ToList();
        batch.BatchCommands.Add(Command(FenceSql,
            pairs.Select(p => p.Key).ToArray(),
            pairs.Select(p => epochOf(p.Key)).ToArray(),
            pairs.Select(p => p.Value.LastTradeId).ToArray(),
            pairs.Select(p => p.Value.Halted).ToArray()));

        var changes = plan.OrderChanges.Values.OrderBy(c => c.OrderId).ToList();
        NpgsqlBatchCommand? orderChanges = null;
        if (changes.Count > 0)
        {
            batch.BatchCommands.Add(orderChanges = Command(OrderChangesSql,
                changes.Select(c => c.OrderId).ToArray(), changes.Select(c => c.FilledDelta).ToArray(),
                changes.Select(c => (short?)c.Status).ToArray(), changes.Select(c => c.Price).ToArray(),
                changes.Select(c => c.Quantity).ToArray(), changes.Select(c => c.Priority).ToArray(),
                changes.Select(c => c.ClientOrderId).ToArray(), changes.Select(c => c.UpdatedAt).ToArray()));
        }

        var balances = plan.Balances.Where(b => b.Value != (0, 0)).OrderBy(b => b.Key.Account).ThenBy(b => b.Key.Currency).ToList();
        if (balances.Count > 0)
        {
            var accounts = balances.Select(b => b.Key.Account).ToArray();
            var currencies = balances.Select(b => b.Key.Currency).ToArray();
            if (!balances.TrueForAll(b => balanceRowExists(b.Key)))
            {
                batch.BatchCommands.Add(Command(EnsureBalancesSql, accounts, currencies));
            }

            batch.BatchCommands.Add(Command(LockBalancesSql, accounts, currencies));
            batch.BatchCommands.Add(Command(MoveBalancesSql, accounts, currencies,
                balances.Select(b => b.Value.Total).ToArray(), balances.Select(b => b.Value.Held).ToArray()));
        }

        // Up to a few hundred commands' rows ride in the same round trip as one INSERT statement; more go by COPY afterwards
        // (each COPY costs two round trips and a start-up, but a fraction of an INSERT per row).
        var copy = plan.Journal.Count >= options.CopyThreshold;
        if (!copy)
        {
            var append = new NpgsqlBatchCommand(AppendSql);
            Journal.AddArrays(append, plan.Journal);
            Orders.AddArrays(append, plan.NewOrders.Values);
            Trades.AddArrays(append, plan.Trades);
            Transactions.AddArrays(append, plan.TradeTransactions);
            Entries.AddArrays(append, plan.Entries);
            batch.BatchCommands.Add(append);
        }

        batch.ExecuteNonQuery();

        var fenced = batch.BatchCommands[0].RecordsAffected;
        if (fenced != pairs.Count)
        {
            throw new StaleEpochException(
                $"{pairs.Count - fenced} of the batch's {pairs.Count} pairs were loaded by another writer since; nothing was written");
        }

        if (orderChanges is { RecordsAffected: var updated } && updated != changes.Count)
        {
            throw new InvalidOperationException($"{changes.Count - updated} changed orders are not in the ledger; nothing was written");
        }

        if (copy)
        {
            Journal.Copy(connection, plan.Journal);
            Orders.Copy(connection, plan.NewOrders.Values);
            Trades.Copy(connection, plan.Trades);
            Transactions.Copy(connection, plan.TradeTransactions);
            Entries.Copy(connection, plan.Entries);
        }
    }

    /// <summary>The inserts as one statement: all but the last in CTEs, their parameters numbered on from each other.</summary>
    private static string Appends(params IAppendTable[] tables)
    {
        var first = 1;
        var parts = new List<string>();
        foreach (var table in tables)
        {
            parts.Add(table.InsertSql(first));
            first += table.ParameterCount;
        }

        var ctes = parts.SkipLast(1).Select((insert, i) => $"a{i} as ({insert})");
        return $"with {string.Join(", ", ctes)} {parts[^1]}";
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] columns)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var column in columns)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column });
        }

        return command;
    }
}
