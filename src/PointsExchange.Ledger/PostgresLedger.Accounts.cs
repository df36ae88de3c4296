using Npgsql;

namespace PointsExchange.Ledger;

public sealed partial class PostgresLedger
{
    /// <summary>Stores an API key's hash (never the key) for an account.</summary>
    public async Task AddApiKeyAsync(long accountId, byte[] keyHash, string prefix, CancellationToken cancel = default)
    {
        await using var command = DataSource.CreateCommand("insert into api_keys (account_id, key_hash, key_prefix) values ($1, $2, $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = accountId });
        command.Parameters.Add(new NpgsqlParameter { Value = keyHash });
        command.Parameters.Add(new NpgsqlParameter { Value = prefix });
        await command.ExecuteNonQueryAsync(cancel);
    }

    /// <summary>The account a key hash belongs to, with its role and the stored hash; null when unknown or revoked.</summary>
    public async Task<(long AccountId, AccountRole Role, byte[] StoredHash)?> FindApiKeyAsync(byte[] keyHash, CancellationToken cancel = default)
    {
        await using var command = DataSource.CreateCommand("""
            select a.account_id, a.role, k.key_hash from api_keys k join accounts a on a.account_id = k.account_id
             where k.key_hash = $1 and k.revoked_at is null
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = keyHash });
        await using var reader = await command.ExecuteReaderAsync(cancel);
        return await reader.ReadAsync(cancel) ? (reader.GetInt64(0), (AccountRole)reader.GetInt16(1), (byte[])reader[2]) : null;
    }

    public async Task<AccountRole?> GetAccountRoleAsync(long accountId, CancellationToken cancel = default)
    {
        await using var command = DataSource.CreateCommand("select role from accounts where account_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = accountId });
        return await command.ExecuteScalarAsync(cancel) is short role ? (AccountRole)role : null;
    }

    /// <summary>The oldest account with this name and role, if any (the demo finds its members by name).</summary>
    public async Task<long?> FindAccountAsync(string displayName, AccountRole role, CancellationToken cancel = default)
    {
        await using var command = DataSource.CreateCommand("select min(account_id) from accounts where display_name = $1 and role = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = displayName });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)role });
        return await command.ExecuteScalarAsync(cancel) is long id ? id : null;
    }

    /// <summary>Accounts with a role, oldest first.</summary>
    public async Task<IReadOnlyList<long>> AccountsWithRoleAsync(AccountRole role, CancellationToken cancel = default)
    {
        await using var command = DataSource.CreateCommand("select account_id from accounts where role = $1 order by account_id");
        command.Parameters.Add(new NpgsqlParameter { Value = (short)role });
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancel))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>An account's committed balances by currency id: the starting point of its in-memory risk view.</summary>
    public async Task<Dictionary<int, (long Total, long Held)>> GetBalanceSnapshotAsync(long accountId, CancellationToken cancel = default)
    {
        await using var command = DataSource.CreateCommand("select currency_id, total, held from balances where account_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = accountId });
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var balances = new Dictionary<int, (long, long)>();
        while (await reader.ReadAsync(cancel))
        {
            balances[reader.GetInt32(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return balances;
    }

    /// <summary>Balances and maker trade marks read in one snapshot (repeatable read), so they agree.</summary>
    public async Task<(Dictionary<int, (long Total, long Held)> Balances, Dictionary<int, long> MakerMarks)> GetRiskSnapshotAsync(
        long accountId, CancellationToken cancel = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancel);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancel);
        var balances = new Dictionary<int, (long, long)>();
        await using (var command = new NpgsqlCommand("select currency_id, total, held from balances where account_id = $1", connection, tx))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = accountId });
            await using var reader = await command.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel))
            {
                balances[reader.GetInt32(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        var marks = new Dictionary<int, long>();
        await using (var command = new NpgsqlCommand(
            "select pair_id, max(trade_id) from trades where maker_account_id = $1 group by pair_id", connection, tx))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = accountId });
            await using var reader = await command.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel))
            {
                marks[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        await tx.CommitAsync(cancel);
        return (balances, marks);
    }

    public async Task<CurrencyInfo?> FindCurrencyAsync(string code, CancellationToken cancel = default)
    {
        await using var command = DataSource.CreateCommand("""
            select currency_id, code, name, merchant_account_id, issuer_account_id, reference_cash_value_minor, daily_issuance_limit
              from currencies where code = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var reader = await command.ExecuteReaderAsync(cancel);
        return await reader.ReadAsync(cancel)
            ? new CurrencyInfo(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6))
            : null;
    }

    /// <summary>The pair with this symbol, if any (cached like <see cref="Pair"/>; a cached one costs no allocation).</summary>
    public ValueTask<PairInfo?> FindPairAsync(string symbol, CancellationToken cancel = default) =>
        // Symbols never change; the pair behind one may (halted), so it is looked up by id.
        _pairIds.TryGetValue(symbol, out var id) && _pairs.TryGetValue(id, out var cached)
            ? new ValueTask<PairInfo?>(cached)
            : new ValueTask<PairInfo?>(ReadPairAsync(symbol, cancel));

    private async Task<PairInfo?> ReadPairAsync(string symbol, CancellationToken cancel)
    {
        await using var command = DataSource.CreateCommand(PairSelect + " where p.symbol = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = symbol });
        await using var reader = await command.ExecuteReaderAsync(cancel);
        if (!await reader.ReadAsync(cancel))
        {
            return null;
        }

        var pair = ReadPair(reader);
        _pairIds[pair.Symbol] = pair.PairId;
        return _pairs.GetOrAdd(pair.PairId, pair);
    }

    /// <summary>Forgets cached pairs so the next read sees a status change.</summary>
    public void InvalidatePair(int pairId) => _pairs.TryRemove(pairId, out _);
}
