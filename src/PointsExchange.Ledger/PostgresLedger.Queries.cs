using Npgsql;

namespace PointsExchange.Ledger;

public sealed partial class PostgresLedger
{
    /// <summary>An account's balances per currency: total, held by open orders, and available.</summary>
    public async Task<IReadOnlyList<BalanceRow>> GetBalancesAsync(long accountId, CancellationToken cancel = default)
    {
        await using var command = DataSource.CreateCommand("""
            select c.code, b.total, b.held from balances b join currencies c on c.currency_id = b.currency_id
             where b.account_id = $1 order by c.code
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = accountId });
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var rows = new List<BalanceRow>();
        while (await reader.ReadAsync(cancel))
        {
            rows.Add(new BalanceRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return rows;
    }

    /// <summary>
    /// The invariants checked against the data itself, each as a list of violations (empty when sound):
    /// every currency's balances sum to zero; every balance equals the sum of its ledger entries; every
    /// held amount equals the holds of the account's open orders.
    /// </summary>
    public async Task<IReadOnlyList<string>> CheckInvariantsAsync(CancellationToken cancel = default)
    {
        var violations = new List<string>();
        await CollectAsync("""
            select 'currency ' || c.code || ' balances sum to ' || sum(b.total) || ', not 0'
              from balances b join currencies c on c.currency_id = b.currency_id
             group by c.code having sum(b.total) <> 0
            """, violations, cancel);
        await CollectAsync("""
            select 'account ' || b.account_id || ' currency ' || b.currency_id || ': balance ' || b.total || ' but ledger entries sum to ' || coalesce(e.sum, 0)
              from balances b
              left join (select account_id, currency_id, sum(amount) as sum from ledger_entries group by 1, 2) e
                on e.account_id = b.account_id and e.currency_id = b.currency_id
             where b.total <> coalesce(e.sum, 0)
            """, violations, cancel);
        await CollectAsync("""
            with holds as (
                select o.account_id, case when o.side = 1 then p.quote_currency_id else p.base_currency_id end as currency_id,
                       sum((o.quantity - o.filled) * case when o.side = 1 then o.price else p.lot_size end) as held
                  from orders o join pairs p on p.pair_id = o.pair_id
                 where o.status in (1, 2) group by 1, 2)
            select 'account ' || b.account_id || ' currency ' || b.currency_id || ': held ' || b.held || ' but open orders hold ' || coalesce(h.held, 0)
              from balances b left join holds h on h.account_id = b.account_id and h.currency_id = b.currency_id
             where b.held <> coalesce(h.held, 0)
            """, violations, cancel);
        return violations;
    }

    private async Task CollectAsync(string sql, List<string> into, CancellationToken cancel)
    {
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancel);
        while (await reader.ReadAsync(cancel))
        {
            into.Add(reader.GetString(0));
        }
    }
}

/// <summary>One currency of an account: <see cref="Available"/> = total - held.</summary>
public sealed record BalanceRow(string Currency, long Total, long Held)
{
    public long Available => Total - Held;
}
