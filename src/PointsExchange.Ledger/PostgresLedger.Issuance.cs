using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace PointsExchange.Ledger;

public sealed partial class PostgresLedger
{
    /// <summary>
    /// Credits a member with newly issued points, debiting the currency's issuer account. Within the
    /// currency's daily issuance limit (UTC day), idempotent by (merchant, idempotency key).
    /// </summary>
    public Task<LedgerReceipt> IssueAsync(long merchantAccountId, string currencyCode, long accountId, long amount,
        string idempotencyKey, string? memo, CancellationToken cancel = default) =>
        MovePointsAsync(LedgerTransactionKind.Issue, merchantAccountId, currencyCode, accountId, amount, idempotencyKey, memo, cancel);

    /// <summary>
    /// Debits a member's available points for a redemption in the merchant's points mall, crediting the
    /// issuer account (the supply shrinks). Idempotent by (merchant, idempotency key).
    /// </summary>
    public Task<LedgerReceipt> RedeemAsync(long merchantAccountId, string currencyCode, long accountId, long amount,
        string idempotencyKey, string? memo, CancellationToken cancel = default) =>
        MovePointsAsync(LedgerTransactionKind.Redeem, merchantAccountId, currencyCode, accountId, amount, idempotencyKey, memo, cancel);

    private async Task<LedgerReceipt> MovePointsAsync(LedgerTransactionKind kind, long merchantAccountId, string currencyCode,
        long accountId, long amount, string idempotencyKey, string? memo, CancellationToken cancel)
    {
        if (amount <= 0)
        {
            throw new LedgerRuleException(LedgerRule.InvalidArgument, $"amount: must be a positive number of points, got {amount}");
        }

        var requestHash = SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('|', kind, currencyCode, accountId.ToString(CultureInfo.InvariantCulture), amount.ToString(CultureInfo.InvariantCulture), memo ?? "")));

        await using var connection = await DataSource.OpenConnectionAsync(cancel);
        await using var tx = await connection.BeginTransactionAsync(cancel);

        // The currency row lock serialises every issuance and redemption of the currency: the daily limit
        // and the idempotency check then see one another.
        int currencyId;
        long issuer, owner, dailyLimit;
        await using (var currency = new NpgsqlCommand(
            "select currency_id, issuer_account_id, merchant_account_id, daily_issuance_limit from currencies where code = $1 for update",
            connection, tx))
        {
            currency.Parameters.Add(new NpgsqlParameter { Value = currencyCode });
            await using var reader = await currency.ExecuteReaderAsync(cancel);
            if (!await reader.ReadAsync(cancel))
            {
                throw new LedgerRuleException(LedgerRule.NotFound, $"currency: {currencyCode} does not exist");
            }

            (currencyId, issuer, owner, dailyLimit) = (reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        if (owner != merchantAccountId)
        {
            throw new LedgerRuleException(LedgerRule.PermissionDenied, $"currency: {currencyCode} belongs to another merchant");
        }

        var previous = await PreviousReceiptAsync(connection, tx, merchantAccountId, idempotencyKey, requestHash, cancel);
        if (previous is not null)
        {
            return previous;
        }

        var role = await ScalarAsync<short?>(connection, tx, "select role from accounts where account_id = $1", cancel, accountId);
        if (role is not ((short)AccountRole.User or (short)AccountRole.Merchant))
        {
            throw new LedgerRuleException(LedgerRule.NotFound, $"account_id: member account {accountId} does not exist");
        }

        var now = DateTime.UtcNow;
        if (kind == LedgerTransactionKind.Issue)
        {
            var issuedToday = await ScalarAsync<long>(connection, tx, """
                insert into issuance_days as d (currency_id, day, issued) values ($1, $2, $3)
                on conflict (currency_id, day) do update set issued = d.issued + excluded.issued returning issued
                """, cancel, currencyId, DateOnly.FromDateTime(now), amount);
            if (dailyLimit > 0 && issuedToday > dailyLimit)
            {
                var remaining = dailyLimit - (issuedToday - amount);
                throw new LedgerRuleException(LedgerRule.FailedPrecondition,
                    $"amount: issuing {amount} {currencyCode} would exceed the daily issuance limit of {dailyLimit}; " +
                    $"{remaining} remain today (UTC)");
            }
        }
        else
        {
            var debited = await ScalarAsync<int?>(connection, tx, """
                update balances set total = total - $3
                 where account_id = $1 and currency_id = $2 and total - held >= $3 returning 1
                """, cancel, accountId, currencyId, amount);
            if (debited is null)
            {
                var available = await ScalarAsync<long?>(connection, tx,
                    "select total - held from balances where account_id = $1 and currency_id = $2", cancel, accountId, currencyId) ?? 0;
                throw new LedgerRuleException(LedgerRule.FailedPrecondition,
                    $"amount: account {accountId} has {available} {currencyCode} available, cannot redeem {amount}");
            }
        }

        var txId = await ScalarAsync<long>(connection, tx, "select nextval('ledger_tx_ids')", cancel);
        var (member, supply) = kind == LedgerTransactionKind.Issue ? (amount, -amount) : (-amount, amount);
        await using (var write = new NpgsqlBatch(connection, tx))
        {
            write.BatchCommands.Add(Batched("insert into ledger_transactions (tx_id, kind, memo, created_at) values ($1, $2, $3, $4)",
                txId, (short)kind, (object?)memo ?? DBNull.Value, now));
            write.BatchCommands.Add(Batched(
                "insert into ledger_entries (tx_id, account_id, currency_id, amount) values ($1, $2, $4, $5), ($1, $3, $4, $6)",
                txId, accountId, issuer, currencyId, member, supply));

            // The member's row may not exist yet (an insert carrying a positive amount passes the CHECKs);
            // the issuer's row always does and may go negative, so it is only ever updated.
            if (kind == LedgerTransactionKind.Issue)
            {
                write.BatchCommands.Add(Batched("""
                    insert into balances as b (account_id, currency_id, total) values ($1, $2, $3)
                    on conflict (account_id, currency_id) do update set total = b.total + excluded.total
                    """, accountId, currencyId, member));
            }

            write.BatchCommands.Add(Batched("update balances set total = total + $3 where account_id = $1 and currency_id = $2",
                issuer, currencyId, supply));
            write.BatchCommands.Add(Batched(kind == LedgerTransactionKind.Issue
                ? "update currencies set issued_total = issued_total + $2 where currency_id = $1"
                : "update currencies set redeemed_total = redeemed_total + $2 where currency_id = $1", currencyId, amount));
            write.BatchCommands.Add(Batched(
                "insert into idempotency_keys (account_id, idempotency_key, request_hash, tx_id) values ($1, $2, $3, $4)",
                merchantAccountId, idempotencyKey, requestHash, txId));
            await write.ExecuteNonQueryAsync(cancel);
        }

        await tx.CommitAsync(cancel);
        return new LedgerReceipt(txId, kind, currencyCode, accountId, amount, memo, now, Replayed: false);
    }

    /// <summary>The receipt of an earlier request with the same key and parameters; refuses the same key with other parameters.</summary>
    private static async Task<LedgerReceipt?> PreviousReceiptAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long merchantAccountId,
        string idempotencyKey, byte[] requestHash, CancellationToken cancel)
    {
        await using var command = new NpgsqlCommand("""
            select k.request_hash, t.tx_id, t.kind, t.memo, t.created_at, c.code, e.account_id, abs(e.amount)
              from idempotency_keys k
              join ledger_transactions t on t.tx_id = k.tx_id
              join ledger_entries e on e.tx_id = t.tx_id
              join currencies c on c.currency_id = e.currency_id and c.issuer_account_id <> e.account_id
             where k.account_id = $1 and k.idempotency_key = $2
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = merchantAccountId });
        command.Parameters.Add(new NpgsqlParameter { Value = idempotencyKey });
        await using var reader = await command.ExecuteReaderAsync(cancel);
        if (!await reader.ReadAsync(cancel))
        {
            return null;
        }

        if (!((byte[])reader[0]).AsSpan().SequenceEqual(requestHash))
        {
            throw new LedgerRuleException(LedgerRule.AlreadyExists,
                $"idempotency_key: '{idempotencyKey}' was already used for a different request");
        }

        return new LedgerReceipt(reader.GetInt64(1), (LedgerTransactionKind)reader.GetInt16(2), reader.GetString(5), reader.GetInt64(6),
            reader.GetInt64(7), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetDateTime(4), Replayed: true);
    }

    private static NpgsqlBatchCommand Batched(string sql, params object[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        return command;
    }
}

/// <summary>What an issuance or redemption did. <see cref="Replayed"/>: an earlier identical request's receipt.</summary>
public sealed record LedgerReceipt(long TransactionId, LedgerTransactionKind Kind, string Currency, long AccountId, long Amount,
    string? Memo, DateTime CreatedAt, bool Replayed);
