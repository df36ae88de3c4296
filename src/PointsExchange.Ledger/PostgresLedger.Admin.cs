using Npgsql;

namespace PointsExchange.Ledger;

public sealed partial class PostgresLedger
{
    public async Task<long> CreateAccountAsync(string displayName, AccountRole role, CancellationToken cancel = default)
    {
        if (role is not (AccountRole.Admin or AccountRole.Merchant or AccountRole.User))
        {
            throw new LedgerRuleException(LedgerRule.InvalidArgument, $"role: {role} accounts are created by the system, not by request");
        }

        await using var command = DataSource.CreateCommand("insert into accounts (display_name, role) values ($1, $2) returning account_id");
        command.Parameters.Add(new NpgsqlParameter { Value = displayName });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)role });
        return (long)(await command.ExecuteScalarAsync(cancel))!;
    }

    /// <summary>Creates a merchant's currency with its issuer account (whose balance is minus the outstanding supply).</summary>
    public async Task<CurrencyInfo> CreateCurrencyAsync(string code, string name, long merchantAccountId, long referenceCashValueMinor,
        long dailyIssuanceLimit, CancellationToken cancel = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancel);
        await using var tx = await connection.BeginTransactionAsync(cancel);
        var role = await ScalarAsync<short?>(connection, tx, "select role from accounts where account_id = $1", cancel, merchantAccountId);
        if (role is null)
        {
            throw new LedgerRuleException(LedgerRule.NotFound, $"merchant_account_id: account {merchantAccountId} does not exist");
        }

        if (role != (short)AccountRole.Merchant)
        {
            throw new LedgerRuleException(LedgerRule.InvalidArgument, $"merchant_account_id: account {merchantAccountId} is not a MERCHANT account");
        }

        if (await ScalarAsync<int?>(connection, tx, "select currency_id from currencies where code = $1", cancel, code) is not null)
        {
            throw new LedgerRuleException(LedgerRule.AlreadyExists, $"code: currency {code} already exists");
        }

        var issuer = await ScalarAsync<long>(connection, tx,
            "insert into accounts (display_name, role) values ($1, 4) returning account_id", cancel, code + " issuer");
        var currencyId = await ScalarAsync<int>(connection, tx, """
            insert into currencies (code, name, merchant_account_id, issuer_account_id, reference_cash_value_minor, daily_issuance_limit)
            values ($1, $2, $3, $4, $5, $6) returning currency_id
            """, cancel, code, name, merchantAccountId, issuer, referenceCashValueMinor, dailyIssuanceLimit);
        await ScalarAsync<int>(connection, tx,
            "insert into balances (account_id, currency_id, may_go_negative) values ($1, $2, true) returning 1", cancel, issuer, currencyId);
        await tx.CommitAsync(cancel);
        return new CurrencyInfo(currencyId, code, name, merchantAccountId, issuer, referenceCashValueMinor, dailyIssuanceLimit);
    }

    /// <summary>Creates the pair BASE-QUOTE. The engine gets its book through <see cref="Load"/>, which also fences it.</summary>
    public async Task<PairInfo> CreatePairAsync(string baseCode, string quoteCode, long lotSize, long tickSize, long minQuantity,
        int makerFeeBps, int takerFeeBps, CancellationToken cancel = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancel);
        var baseId = await ScalarAsync<int?>(connection, null, "select currency_id from currencies where code = $1", cancel, baseCode)
            ?? throw new LedgerRuleException(LedgerRule.NotFound, $"base: currency {baseCode} does not exist");
        var quoteId = await ScalarAsync<int?>(connection, null, "select currency_id from currencies where code = $1", cancel, quoteCode)
            ?? throw new LedgerRuleException(LedgerRule.NotFound, $"quote: currency {quoteCode} does not exist");
        var symbol = baseCode + "-" + quoteCode;
        if (await ScalarAsync<int?>(connection, null, "select pair_id from pairs where base_currency_id = $1 and quote_currency_id = $2",
            cancel, baseId, quoteId) is not null)
        {
            throw new LedgerRuleException(LedgerRule.AlreadyExists, $"pair {symbol} already exists");
        }

        var pairId = await ScalarAsync<int>(connection, null, """
            insert into pairs (symbol, base_currency_id, quote_currency_id, lot_size, tick_size, min_quantity, maker_fee_bps, taker_fee_bps)
            values ($1, $2, $3, $4, $5, $6, $7, $8) returning pair_id
            """, cancel, symbol, baseId, quoteId, lotSize, tickSize, minQuantity, makerFeeBps, takerFeeBps);
        var pair = new PairInfo(pairId, symbol, baseId, quoteId, baseCode, quoteCode, lotSize, tickSize, minQuantity, makerFeeBps, takerFeeBps, false);
        _pairs[pairId] = pair;
        return pair;
    }

    /// <summary>Every pair, as stored (its status is the last committed one).</summary>
    public async Task<IReadOnlyList<PairInfo>> ListPairsAsync(CancellationToken cancel = default)
    {
        await using var command = DataSource.CreateCommand(PairSelect + " order by p.pair_id");
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var pairs = new List<PairInfo>();
        while (await reader.ReadAsync(cancel))
        {
            pairs.Add(ReadPair(reader));
        }

        return pairs;
    }

    private const string PairSelect = """
        select p.pair_id, p.symbol, p.base_currency_id, p.quote_currency_id, b.code, q.code, p.lot_size, p.tick_size,
               p.min_quantity, p.maker_fee_bps, p.taker_fee_bps, p.status
          from pairs p join currencies b on b.currency_id = p.base_currency_id join currencies q on q.currency_id = p.quote_currency_id
        """;

    private PairInfo? LoadPair(int pairId)
    {
        using var command = DataSource.CreateCommand(PairSelect + " where p.pair_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = pairId });
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadPair(reader) : null;
    }

    private static PairInfo ReadPair(NpgsqlDataReader r) =>
        new(r.GetInt32(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetInt64(6),
            r.GetInt64(7), r.GetInt64(8), r.GetInt32(9), r.GetInt32(10), r.GetInt16(11) == 2);

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql,
        CancellationToken cancel, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        var value = await command.ExecuteScalarAsync(cancel);
        return value is null or DBNull ? default! : (T)value;
    }
}

/// <summary>A merchant's points currency.</summary>
public sealed record CurrencyInfo(int CurrencyId, string Code, string Name, long MerchantAccountId, long IssuerAccountId,
    long ReferenceCashValueMinor, long DailyIssuanceLimit);
