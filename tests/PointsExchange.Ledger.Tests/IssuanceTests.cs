namespace PointsExchange.Ledger.Tests;

public sealed class IssuanceTests : IDisposable
{
    private readonly PostgresTestDatabase _db = new();

    [Fact]
    public async Task Issuing_credits_the_member_and_debits_the_issuer_so_the_currency_still_sums_to_zero()
    {
        using var ledger = _db.OpenLedger();
        var (merchant, member, currency) = await HotelAsync(ledger, dailyLimit: 0);

        var receipt = await ledger.IssueAsync(merchant, "HOTEL", member, 1_500, "k1", "welcome");

        Assert.False(receipt.Replayed);
        Assert.Equal([new BalanceRow("HOTEL", 1_500, 0)], await ledger.GetBalancesAsync(member));
        Assert.Equal(-1_500L, _db.Scalar("select total from balances where account_id = $1", currency.IssuerAccountId));
        Assert.Empty(await ledger.CheckInvariantsAsync());
    }

    [Fact]
    public async Task The_same_key_with_the_same_request_returns_the_original_receipt_and_moves_nothing_twice()
    {
        using var ledger = _db.OpenLedger();
        var (merchant, member, _) = await HotelAsync(ledger, dailyLimit: 0);

        var first = await ledger.IssueAsync(merchant, "HOTEL", member, 700, "same", "bonus");
        var again = await ledger.IssueAsync(merchant, "HOTEL", member, 700, "same", "bonus");

        Assert.True(again.Replayed);
        Assert.Equal(first.TransactionId, again.TransactionId);
        Assert.Equal(700, Assert.Single(await ledger.GetBalancesAsync(member)).Total);
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_is_refused()
    {
        using var ledger = _db.OpenLedger();
        var (merchant, member, _) = await HotelAsync(ledger, dailyLimit: 0);
        await ledger.IssueAsync(merchant, "HOTEL", member, 700, "same", "bonus");

        var e = await Assert.ThrowsAsync<LedgerRuleException>(() => ledger.IssueAsync(merchant, "HOTEL", member, 701, "same", "bonus"));

        Assert.Equal(LedgerRule.AlreadyExists, e.Rule);
        Assert.Equal(700, Assert.Single(await ledger.GetBalancesAsync(member)).Total);
    }

    [Fact]
    public async Task Issuing_over_the_daily_limit_is_refused_and_says_what_remains()
    {
        using var ledger = _db.OpenLedger();
        var (merchant, member, _) = await HotelAsync(ledger, dailyLimit: 10_000);
        await ledger.IssueAsync(merchant, "HOTEL", member, 9_000, "a", null);

        var e = await Assert.ThrowsAsync<LedgerRuleException>(() => ledger.IssueAsync(merchant, "HOTEL", member, 1_001, "b", null));

        Assert.Equal(LedgerRule.FailedPrecondition, e.Rule);
        Assert.Contains("1000 remain", e.Message, StringComparison.Ordinal);
        Assert.Equal(9_000, Assert.Single(await ledger.GetBalancesAsync(member)).Total);
        await ledger.IssueAsync(merchant, "HOTEL", member, 1_000, "c", null);
        Assert.Equal(10_000, Assert.Single(await ledger.GetBalancesAsync(member)).Total);
    }

    [Fact]
    public async Task Redeeming_more_than_is_available_is_refused()
    {
        using var ledger = _db.OpenLedger();
        var (merchant, member, _) = await HotelAsync(ledger, dailyLimit: 0);
        await ledger.IssueAsync(merchant, "HOTEL", member, 300, "a", null);

        var e = await Assert.ThrowsAsync<LedgerRuleException>(() => ledger.RedeemAsync(merchant, "HOTEL", member, 301, "r1", "mall"));
        await ledger.RedeemAsync(merchant, "HOTEL", member, 120, "r2", "mall");

        Assert.Equal(LedgerRule.FailedPrecondition, e.Rule);
        Assert.Equal(180, Assert.Single(await ledger.GetBalancesAsync(member)).Total);
        Assert.Empty(await ledger.CheckInvariantsAsync());
    }

    [Fact]
    public async Task A_merchant_cannot_issue_another_merchants_currency()
    {
        using var ledger = _db.OpenLedger();
        var (_, member, _) = await HotelAsync(ledger, dailyLimit: 0);
        var other = await ledger.CreateAccountAsync("coffee merchant", AccountRole.Merchant);

        var e = await Assert.ThrowsAsync<LedgerRuleException>(() => ledger.IssueAsync(other, "HOTEL", member, 1, "x", null));

        Assert.Equal(LedgerRule.PermissionDenied, e.Rule);
    }

    private static async Task<(long Merchant, long Member, CurrencyInfo Currency)> HotelAsync(PostgresLedger ledger, long dailyLimit)
    {
        var merchant = await ledger.CreateAccountAsync("hotel", AccountRole.Merchant);
        var currency = await ledger.CreateCurrencyAsync("HOTEL", "Hotel points", merchant, 100, dailyLimit);
        var member = await ledger.CreateAccountAsync("member", AccountRole.User);
        return (merchant, member, currency);
    }

    public void Dispose() => _db.Dispose();
}
