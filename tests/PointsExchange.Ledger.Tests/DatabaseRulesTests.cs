using Npgsql;

namespace PointsExchange.Ledger.Tests;

/// <summary>What must never break is refused by the database itself, even to plain SQL that bypasses the engine.</summary>
public sealed class DatabaseRulesTests : IDisposable
{
    private readonly PostgresTestDatabase _db = new();

    [Fact]
    public void Applying_the_migrations_twice_changes_nothing()
    {
        using var ledger = _db.OpenLedger();

        var second = Migrator.Apply(ledger.DataSource);

        Assert.Empty(second);
        Assert.Equal((long)Migrator.Embedded().Count, _db.Count("schema_migrations"));
        Assert.Equal(1L, _db.Scalar("select count(*) from accounts where role = 5"));
    }

    [Fact]
    public async Task An_overdraft_written_by_plain_sql_is_refused()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 1, funding: 500);
        var member = market.Members[0];

        var overdraft = Assert.Throws<PostgresException>(() =>
            _db.Scalar("update balances set total = -1 where account_id = $1", member));
        var overHeld = Assert.Throws<PostgresException>(() =>
            _db.Scalar("update balances set held = total + 1 where account_id = $1", member));
        var negativeHeld = Assert.Throws<PostgresException>(() =>
            _db.Scalar("update balances set held = -1 where account_id = $1", member));

        Assert.Equal("balances_no_overdraft", overdraft.ConstraintName);
        Assert.Equal("balances_no_overdraft", overHeld.ConstraintName);
        Assert.Equal("balances_held_not_negative", negativeHeld.ConstraintName);
    }

    [Fact]
    public async Task Only_an_issuer_account_may_go_negative()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 1, funding: 500);

        var e = Assert.Throws<PostgresException>(() =>
            _db.Scalar("update balances set may_go_negative = true, total = -1000 where account_id = $1", market.Members[0]));

        Assert.Contains("only the issuer account", e.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ledger_transaction_that_does_not_sum_to_zero_is_refused()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2, funding: 500);
        _db.Scalar("insert into ledger_transactions (tx_id, kind, created_at) values (42, 2, now())");

        var e = Assert.Throws<PostgresException>(() => _db.Scalar(
            "insert into ledger_entries (tx_id, account_id, currency_id, amount) values (42, $1, 1, 100), (42, $2, 1, -99)",
            market.Members[0], market.Members[1]));

        Assert.Contains("does not balance", e.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_entries_cannot_be_changed_or_deleted()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 1, funding: 500);

        Assert.Throws<PostgresException>(() => _db.Scalar("update ledger_entries set amount = amount * 2"));
        Assert.Throws<PostgresException>(() => _db.Scalar("delete from ledger_entries"));
        Assert.True(_db.Count("ledger_entries") >= 4);
    }

    [Fact]
    public async Task Trade_ids_are_unique()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2);
        using (await market.RunAsync(OrderCommand.Limit(0, market.Members[0], Side.Sell, 100, 1)))
        {
        }

        using (await market.RunAsync(OrderCommand.Limit(0, market.Members[1], Side.Buy, 100, 1)))
        {
        }

        var e = Assert.Throws<PostgresException>(() => _db.Scalar("insert into trades select * from trades"));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    public void Dispose() => _db.Dispose();
}
