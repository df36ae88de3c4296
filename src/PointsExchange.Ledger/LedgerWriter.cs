using Npgsql;

namespace PointsExchange.Ledger;

/// <summary>
/// Writes a <see cref="SettlementPlan"/> in one transaction and one round trip: every statement takes
/// whole columns as arrays (<c>unnest</c>), and the statements travel together in one
/// <see cref="NpgsqlBatch"/>. The first statement is the fence: it touches each pair's row only if the
/// row still holds this writer's epoch, so a stale writer changes nothing and is refused.
/// </summary>
internal static class LedgerWriter
{
    private const string FenceSql = """
        update pairs p
           set last_trade_id = greatest(p.last_trade_id, d.last_trade_id),
               status = case when d.halted is null then p.status when d.halted then 2 else 1 end
          from unnest($1::int[], $2::bigint[], $3::bigint[], $4::boolean[]) as d(pair_id, epoch, last_trade_id, halted)
         where p.pair_id = d.pair_id and p.epoch = d.epoch
        """;

    private const string JournalSql = """
        insert into command_journal (command_id, pair_id, kind, command_type, order_id, account_id, side, order_type,
            time_in_force, post_only, stp, price, quantity, halt, client_order_id, status, event_count, created_at)
        select * from unnest($1::bigint[], $2::int[], $3::smallint[], $4::smallint[], $5::bigint[], $6::bigint[], $7::smallint[],
            $8::smallint[], $9::smallint[], $10::boolean[], $11::smallint[], $12::bigint[], $13::bigint[], $14::boolean[],
            $15::text[], $16::smallint[], $17::int[], $18::timestamptz[])
        """;

    private const string NewOrdersSql = """
        insert into orders (order_id, pair_id, account_id, client_order_id, side, order_type, time_in_force, post_only, stp,
            price, quantity, filled, status, priority, command_id, created_at, updated_at)
        select * from unnest($1::bigint[], $2::int[], $3::bigint[], $4::text[], $5::smallint[], $6::smallint[], $7::smallint[],
            $8::boolean[], $9::smallint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::smallint[], $14::bigint[],
            $15::bigint[], $16::timestamptz[], $17::timestamptz[])
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

    private const string TradesSql = """
        insert into trades (trade_id, pair_id, book_trade_id, command_id, taker_order_id, maker_order_id, taker_account_id,
            maker_account_id, taker_side, price, quantity, base_amount, quote_amount, taker_fee, maker_fee, executed_at)
        select * from unnest($1::bigint[], $2::int[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
            $8::bigint[], $9::smallint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[],
            $15::bigint[], $16::timestamptz[])
        """;

    private const string TransactionsSql = """
        insert into ledger_transactions (tx_id, kind, created_at)
        select t, 1, a from unnest($1::bigint[], $2::timestamptz[]) as d(t, a)
        """;

    private const string EntriesSql = """
        insert into ledger_entries (tx_id, account_id, currency_id, amount)
        select * from unnest($1::bigint[], $2::bigint[], $3::int[], $4::bigint[])
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
        Func<int, long> epochOf, TimeSpan timeout)
    {
        using var batch = new NpgsqlBatch(connection, tx) { Timeout = (int)timeout.TotalSeconds };
        var pairs = plan.Pairs.OrderBy(p => p.Key).ToList();
        batch.BatchCommands.Add(Command(FenceSql,
            pairs.Select(p => p.Key).ToArray(),
            pairs.Select(p => epochOf(p.Key)).ToArray(),
            pairs.Select(p => p.Value.LastTradeId).ToArray(),
            pairs.Select(p => p.Value.Halted).ToArray()));

        var j = plan.Journal;
        batch.BatchCommands.Add(Command(JournalSql,
            j.Select(r => r.CommandId).ToArray(), j.Select(r => r.PairId).ToArray(), j.Select(r => r.Kind).ToArray(),
            j.Select(r => r.CommandType).ToArray(), j.Select(r => r.OrderId).ToArray(), j.Select(r => r.AccountId).ToArray(),
            j.Select(r => r.Side).ToArray(), j.Select(r => r.OrderType).ToArray(), j.Select(r => r.TimeInForce).ToArray(),
            j.Select(r => r.PostOnly).ToArray(), j.Select(r => r.Stp).ToArray(), j.Select(r => r.Price).ToArray(),
            j.Select(r => r.Quantity).ToArray(), j.Select(r => r.Halt).ToArray(), j.Select(r => r.ClientOrderId).ToArray(),
            j.Select(r => r.Status).ToArray(), j.Select(r => r.EventCount).ToArray(), j.Select(r => r.CreatedAt).ToArray()));

        if (plan.NewOrders.Count > 0)
        {
            var o = plan.NewOrders.Values.OrderBy(r => r.OrderId).ToList();
            batch.BatchCommands.Add(Command(NewOrdersSql,
                o.Select(r => r.OrderId).ToArray(), o.Select(r => r.PairId).ToArray(), o.Select(r => r.AccountId).ToArray(),
                o.Select(r => r.ClientOrderId).ToArray(), o.Select(r => (short)r.Side).ToArray(), o.Select(r => (short)r.OrderType).ToArray(),
                o.Select(r => (short)r.TimeInForce).ToArray(), o.Select(r => r.PostOnly).ToArray(), o.Select(r => (short)r.Stp).ToArray(),
                o.Select(r => r.Price).ToArray(), o.Select(r => r.Quantity).ToArray(), o.Select(r => r.Filled).ToArray(),
                o.Select(r => (short)r.Status).ToArray(), o.Select(r => r.Priority).ToArray(), o.Select(r => r.CommandId).ToArray(),
                o.Select(r => r.CreatedAt).ToArray(), o.Select(r => r.UpdatedAt).ToArray()));
        }

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

        if (plan.Trades.Count > 0)
        {
            var t = plan.Trades;
            batch.BatchCommands.Add(Command(TradesSql,
                t.Select(r => r.TradeId).ToArray(), t.Select(r => r.PairId).ToArray(), t.Select(r => r.BookTradeId).ToArray(),
                t.Select(r => r.CommandId).ToArray(), t.Select(r => r.TakerOrderId).ToArray(), t.Select(r => r.MakerOrderId).ToArray(),
                t.Select(r => r.TakerAccountId).ToArray(), t.Select(r => r.MakerAccountId).ToArray(), t.Select(r => (short)r.TakerSide).ToArray(),
                t.Select(r => r.Price).ToArray(), t.Select(r => r.Quantity).ToArray(), t.Select(r => r.BaseAmount).ToArray(),
                t.Select(r => r.QuoteAmount).ToArray(), t.Select(r => r.TakerFee).ToArray(), t.Select(r => r.MakerFee).ToArray(),
                t.Select(r => r.ExecutedAt).ToArray()));
            batch.BatchCommands.Add(Command(TransactionsSql, plan.TradeTransactions.ToArray(), plan.TradeTransactionTimes.ToArray()));
            var e = plan.Entries;
            batch.BatchCommands.Add(Command(EntriesSql,
                e.Select(r => r.TxId).ToArray(), e.Select(r => r.AccountId).ToArray(), e.Select(r => r.CurrencyId).ToArray(),
                e.Select(r => r.Amount).ToArray()));
        }

        var balances = plan.Balances.Where(b => b.Value != (0, 0)).OrderBy(b => b.Key.Account).ThenBy(b => b.Key.Currency).ToList();
        if (balances.Count > 0)
        {
            var accounts = balances.Select(b => b.Key.Account).ToArray();
            var currencies = balances.Select(b => b.Key.Currency).ToArray();
            batch.BatchCommands.Add(Command(EnsureBalancesSql, accounts, currencies));
            batch.BatchCommands.Add(Command(LockBalancesSql, accounts, currencies));
            batch.BatchCommands.Add(Command(MoveBalancesSql, accounts, currencies,
                balances.Select(b => b.Value.Total).ToArray(), balances.Select(b => b.Value.Held).ToArray()));
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
