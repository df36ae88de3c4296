namespace PointsExchange.Ledger.Tests;

/// <summary>
/// Conservation, checked in PostgreSQL after random trading on many seeds: every currency's balances sum
/// to exactly zero (issuer included), each balance equals its ledger entries, each held amount equals
/// the holds of the open orders.
/// </summary>
public sealed class ConservationTests
{
    /// <param name="wave">
    /// Commands submitted at once: with the copy threshold at 100, waves of 30 write their rows as INSERTs in the
    /// batch and waves of 150 make batches big enough to be written by COPY.
    /// </param>
    [Theory]
    [InlineData(11, 0, 0, 30)]
    [InlineData(12, 10, 25, 30)]
    [InlineData(13, 1, 1, 150)]
    [InlineData(14, 30, 0, 30)]
    [InlineData(15, 0, 100, 150)]
    [InlineData(16, 9_999, 10_000, 150)]
    public async Task Every_currency_sums_to_zero_after_random_batches(int seed, int makerFeeBps, int takerFeeBps, int wave)
    {
        using var db = new PostgresTestDatabase();
        using var market = await TradingScenario.CreateAsync(db, members: 8, funding: 1_000_000_000_000, makerFeeBps, takerFeeBps,
            copyThreshold: 100);

        for (var round = 0; round < 4; round++)
        {
            await RandomTrading.RunAsync(market, seed * 100 + round, commands: 300, wave: wave);
            Assert.Empty(await market.Ledger.CheckInvariantsAsync());
        }

        Assert.True(db.Count("trades") > 100, $"only {db.Count("trades")} trades");
        var negative = db.Scalar("select count(*) from balances where not may_go_negative and (total < 0 or held < 0 or held > total)");
        Assert.Equal(0L, negative);
        var fees = (long)db.Scalar($"select coalesce(sum(total), 0)::bigint from balances where account_id = {market.Ledger.FeeAccountId}")!;
        Assert.True((makerFeeBps + takerFeeBps == 0) == (fees == 0), $"fees collected: {fees}");
    }
}
