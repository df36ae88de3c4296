using System.Data;
using System.Net.Sockets;
using Npgsql;

namespace PointsExchange.LoadTest;

/// <summary>
/// Reads the ledger after the run (src/PointsExchange.Ledger/Migrations/0001_ledger.sql) in one repeatable-read
/// transaction, so every number comes from the same snapshot. Only the load's own currencies and orders are
/// looked at. The ledger's PostgreSQL is used for this check only; everything else goes through the API.
/// </summary>
internal static class LedgerChecks
{
    public static async Task<LedgerCheckResults> RunAsync(string connectionString, IReadOnlyList<string> currencies, IReadOnlyCollection<long> acknowledged,
        CancellationToken cancel)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 10, CommandTimeout = 300, Pooling = false };
        }
        catch (ArgumentException e)
        {
            return LedgerCheckResults.NotRun("?", $"--pg is not a connection string like {LoadCommandLine.DefaultLedger.Replace("Password=postgres", "Password=...", StringComparison.Ordinal)} ({e.Message})");
        }

        var database = $"{builder.Host}:{builder.Port}/{builder.Database}";
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancel);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancel);
            var conservation = await ConservationAsync(connection, currencies, database, cancel);
            if (conservation.Currencies.Count == 0)
            {
                return LedgerCheckResults.NotRun(database, conservation.Detail);
            }

            return new LedgerCheckResults(database, conservation, await AcknowledgedAsync(connection, acknowledged, cancel));
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException && !cancel.IsCancellationRequested)
        {
            return LedgerCheckResults.NotRun(database, $"the ledger at {database} could not be read ({e.Message}); give its connection string with --pg or PX_PG");
        }
    }

    private static async Task<ConservationCheck> ConservationAsync(NpgsqlConnection connection, IReadOnlyList<string> codes, string database, CancellationToken cancel)
    {
        const string Sql = """
            with cur as (
                select currency_id, code, issuer_account_id, issued_total - redeemed_total as issued_net from currencies where code = any($1)),
            bal as (
                select b.currency_id, sum(b.total)::bigint as balance_sum, count(*) as accounts,
                       coalesce(sum(b.total) filter (where b.account_id = cur.issuer_account_id), 0)::bigint as issuer_balance
                  from balances b join cur using (currency_id) group by b.currency_id),
            ent as (
                select e.account_id, e.currency_id, sum(e.amount)::bigint as total
                  from ledger_entries e where e.currency_id in (select currency_id from cur) group by 1, 2),
            mismatched as (
                select coalesce(b.currency_id, ent.currency_id) as currency_id, count(*) as accounts
                  from (select account_id, currency_id, total from balances where currency_id in (select currency_id from cur)) b
                  full join ent on ent.account_id = b.account_id and ent.currency_id = b.currency_id
                 where coalesce(b.total, 0) <> coalesce(ent.total, 0) group by 1),
            holds as (
                select o.account_id, case when o.side = 1 then p.quote_currency_id else p.base_currency_id end as currency_id,
                       sum((o.quantity - o.filled) * case when o.side = 1 then o.price else p.lot_size end)::bigint as held
                  from orders o join pairs p on p.pair_id = o.pair_id
                 where o.status in (1, 2) and (p.base_currency_id in (select currency_id from cur) or p.quote_currency_id in (select currency_id from cur))
                 group by 1, 2),
            bad_holds as (
                select b.currency_id, count(*) as accounts
                  from balances b left join holds h on h.account_id = b.account_id and h.currency_id = b.currency_id
                 where b.currency_id in (select currency_id from cur) and b.held <> coalesce(h.held, 0) group by 1)
            select cur.code, coalesce(bal.balance_sum, 0), coalesce(bal.accounts, 0), coalesce(bal.issuer_balance, 0), cur.issued_net,
                   coalesce((select sum(total) from ent where ent.currency_id = cur.currency_id), 0)::bigint,
                   coalesce(mismatched.accounts, 0), coalesce(bad_holds.accounts, 0)
              from cur left join bal using (currency_id) left join mismatched using (currency_id) left join bad_holds using (currency_id)
             order by cur.code
            """;
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = codes.ToArray() });
        var rows = new List<CurrencyConservation>();
        await using (var reader = await command.ExecuteReaderAsync(cancel))
        {
            while (await reader.ReadAsync(cancel))
            {
                rows.Add(new CurrencyConservation(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                    reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
            }
        }

        if (rows.Count == 0)
        {
            return new ConservationCheck(CheckStatus.NotRun,
                $"none of the load's currencies ({string.Join(", ", codes)}) is in {database}: is --pg the ledger of the server that ran the load?", []);
        }

        var problems = new List<string>();
        problems.AddRange(codes.Except(rows.Select(r => r.Code)).Select(code => $"{code} is missing"));
        foreach (var r in rows)
        {
            if (r.BalanceSum != 0)
            {
                problems.Add($"{r.Code} balances sum to {r.BalanceSum:N0}");
            }

            if (r.IssuerBalance != -r.IssuedMinusRedeemed)
            {
                problems.Add($"{r.Code} issuer holds {r.IssuerBalance:N0}, not -{r.IssuedMinusRedeemed:N0}");
            }

            if (r.EntrySum != 0 || r.BalancesNotMatchingEntries != 0)
            {
                problems.Add($"{r.Code}: entries sum to {r.EntrySum:N0}, {r.BalancesNotMatchingEntries:N0} balances differ from their entries");
            }

            if (r.HoldsNotMatchingOpenOrders != 0)
            {
                problems.Add($"{r.Code}: {r.HoldsNotMatchingOpenOrders:N0} held amounts differ from their open orders");
            }
        }

        return problems.Count > 0
            ? new ConservationCheck(CheckStatus.Fail, string.Join("; ", problems), rows)
            : new ConservationCheck(CheckStatus.Pass,
                $"{rows.Count} currencies, {rows.Sum(r => r.Accounts):N0} balances: each currency sums to 0 with its issuer at -(issued - redeemed) " +
                $"({string.Join(", ", rows.Select(r => $"{r.Code} {r.IssuedMinusRedeemed:N0}"))}); balances equal their ledger entries; holds equal open orders",
                rows);
    }

    private static async Task<AcknowledgedOrdersCheck> AcknowledgedAsync(NpgsqlConnection connection, IReadOnlyCollection<long> acknowledged, CancellationToken cancel)
    {
        const string Sql = "select a.id from unnest($1::bigint[]) as a(id) where not exists (select 1 from orders o where o.order_id = a.id) order by a.id";
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = acknowledged.ToArray() });
        var missing = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync(cancel))
        {
            while (await reader.ReadAsync(cancel))
            {
                missing.Add(reader.GetInt64(0));
            }
        }

        var found = acknowledged.Count - missing.Count;
        return missing.Count == 0
            ? new AcknowledgedOrdersCheck(CheckStatus.Pass, $"all {acknowledged.Count:N0} acknowledged orders are in the ledger's orders table",
                acknowledged.Count, found, 0, [])
            : new AcknowledgedOrdersCheck(CheckStatus.Fail,
                $"{missing.Count:N0} of {acknowledged.Count:N0} acknowledged orders are not in the ledger's orders table (e.g. {string.Join(", ", missing.Take(5))})",
                acknowledged.Count, found, missing.Count, [.. missing.Take(20)]);
    }
}
