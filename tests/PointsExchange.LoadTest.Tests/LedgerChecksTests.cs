using PointsExchange.Ledger;
using PointsExchange.Testing;

namespace PointsExchange.LoadTest.Tests;

/// <summary>The checks' SQL on a fresh database of the real PostgreSQL, written through the ledger as the server writes it.</summary>
public sealed class LedgerChecksTests : IDisposable
{
    private const string Code = "LDCHKA";
    private readonly PostgresTestDatabase _database = new();

    [Fact]
    public async Task Points_that_balance_pass_and_a_point_from_nowhere_fails_naming_its_currency()
    {
        var (_, member) = await IssueAsync(5_000);

        var pass = await LedgerChecks.RunAsync(_database.ConnectionString, [Code], [], CancellationToken.None);

        Assert.Equal(CheckStatus.Pass, pass.Conservation.Status);
        Assert.Equal(new CurrencyConservation(Code, 0, 2, -5_000, 5_000, 0, 0, 0), Assert.Single(pass.Conservation.Currencies));
        Assert.Equal(CheckStatus.Pass, pass.AcknowledgedOrders.Status);

        _database.Scalar("update balances set total = total + 1 where account_id = $1", member);
        var fail = await LedgerChecks.RunAsync(_database.ConnectionString, [Code], [], CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, fail.Conservation.Status);
        Assert.Contains($"{Code} balances sum to 1", fail.Conservation.Detail, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(fail.Conservation.Currencies).BalancesNotMatchingEntries);
        Assert.True(fail.Failed);
    }

    [Fact]
    public async Task An_acknowledged_order_that_is_not_in_the_ledger_fails_the_check()
    {
        var (_, member) = await IssueAsync(1_000);
        _database.Scalar("""
            insert into orders (order_id, pair_id, account_id, client_order_id, side, order_type, time_in_force, post_only, stp, price, quantity,
                                filled, status, priority, command_id, created_at, updated_at)
            values (77, 1, $1, 'run-1', 1, 1, 1, false, 1, 100, 1, 1, 3, 1, 1, now(), now())
            """, member);

        var result = await LedgerChecks.RunAsync(_database.ConnectionString, [Code], [77, 4_242], CancellationToken.None);

        Assert.Equal(CheckStatus.Pass, result.Conservation.Status);
        Assert.Equal(CheckStatus.Fail, result.AcknowledgedOrders.Status);
        Assert.Equal((2L, 1L, 1L), (result.AcknowledgedOrders.Acknowledged, result.AcknowledgedOrders.Found, result.AcknowledgedOrders.Missing));
        Assert.Equal([4_242L], result.AcknowledgedOrders.MissingExamples);
    }

    [Fact]
    public async Task The_wrong_database_or_none_is_not_run_and_never_a_pass()
    {
        await IssueAsync(1_000);

        var wrong = await LedgerChecks.RunAsync(_database.ConnectionString, ["LDNOPEA", "LDNOPEB"], [1], CancellationToken.None);
        var none = await LedgerChecks.RunAsync("Host=127.0.0.1;Port=9;Username=u;Password=hunter2;Database=d", [Code], [1], CancellationToken.None);

        Assert.Equal((CheckStatus.NotRun, CheckStatus.NotRun), (wrong.Conservation.Status, wrong.AcknowledgedOrders.Status));
        Assert.Contains("is --pg the ledger of the server that ran the load?", wrong.Conservation.Detail, StringComparison.Ordinal);
        Assert.Equal((CheckStatus.NotRun, CheckStatus.NotRun), (none.Conservation.Status, none.AcknowledgedOrders.Status));
        Assert.Contains("could not be read", none.Conservation.Detail, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1:9/d", none.Database);
        Assert.DoesNotContain("hunter2", none.Conservation.Detail + none.Database, StringComparison.Ordinal);
        Assert.False(wrong.Failed || none.Failed);
    }

    public void Dispose() => _database.Dispose();

    /// <summary>A merchant, its currency <see cref="Code"/>, and a member issued <paramref name="amount"/> points of it.</summary>
    private async Task<(long Merchant, long Member)> IssueAsync(long amount)
    {
        using var ledger = _database.OpenLedger();
        var merchant = await ledger.CreateAccountAsync("px-load merchant", AccountRole.Merchant);
        await ledger.CreateCurrencyAsync(Code, "check points", merchant, 100, 0);
        var member = await ledger.CreateAccountAsync("px-load member", AccountRole.User);
        await ledger.IssueAsync(merchant, Code, member, amount, "fund-1", null);
        return (merchant, member);
    }
}
