namespace PointsExchange.Ledger.Tests;

public sealed class SettlementTests : IDisposable
{
    private readonly PostgresTestDatabase _db = new();

    [Fact]
    public async Task A_trade_settles_to_the_point_with_fees_in_the_currency_each_side_receives()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2, funding: 1_000_000, makerFeeBps: 10, takerFeeBps: 25);
        var (seller, buyer) = (market.Members[0], market.Members[1]);

        // Seller rests 30 lots (3,000 HOTEL) at 120 AIRMILES per lot; the buyer takes 20 lots with a limit of 130.
        using (var resting = await market.RunAsync(OrderCommand.Limit(0, seller, Side.Sell, 120, 30)))
        {
            Assert.Equal(CommandStatus.Executed, resting.Status);
        }

        using (var taking = await market.RunAsync(OrderCommand.Limit(0, buyer, Side.Buy, 130, 20)))
        {
            var trade = Assert.Single(taking.Events, e => e.Kind == MatchEventKind.Trade);
            Assert.Equal((120L, 20L), (trade.Price, trade.Quantity));
        }

        // Buyer (taker, 25 bps) receives 2,000 HOTEL less floor(2,000 * 25 / 10,000) = 5; pays 20 * 120 = 2,400 AIRMILES.
        // Seller (maker, 10 bps) receives 2,400 AIRMILES less floor(2,400 * 10 / 10,000) = 2; gives 2,000 HOTEL, holds 1,000 more.
        Assert.Equal(
            [new BalanceRow("AIRMILES", 1_000_000 - 2_400, 0), new BalanceRow("HOTEL", 1_000_000 + 2_000 - 5, 0)],
            await market.Ledger.GetBalancesAsync(buyer));
        Assert.Equal(
            [new BalanceRow("AIRMILES", 1_000_000 + 2_400 - 2, 0), new BalanceRow("HOTEL", 1_000_000 - 2_000, 1_000)],
            await market.Ledger.GetBalancesAsync(seller));
        Assert.Equal(
            [new BalanceRow("AIRMILES", 2, 0), new BalanceRow("HOTEL", 5, 0)],
            await market.Ledger.GetBalancesAsync(market.Ledger.FeeAccountId));
        Assert.Empty(await market.Ledger.CheckInvariantsAsync());
        Assert.Equal(1L, _db.Count("trades"));
        Assert.Equal(6L, _db.Scalar("select count(*) from ledger_entries where tx_id = (select trade_id from trades)"));
    }

    [Fact]
    public async Task A_price_improvement_frees_the_rest_of_the_buyers_hold()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2, makerFeeBps: 0, takerFeeBps: 0);
        var (seller, buyer) = (market.Members[0], market.Members[1]);
        using (await market.RunAsync(OrderCommand.Limit(0, seller, Side.Sell, 100, 5)))
        {
        }

        using (await market.RunAsync(OrderCommand.Limit(0, buyer, Side.Buy, 150, 8)))
        {
        }

        // 5 lots filled at 100 (500 spent), 3 lots rest at 150 and hold 450.
        var air = Assert.Single(await market.Ledger.GetBalancesAsync(buyer), b => b.Currency == "AIRMILES");
        Assert.Equal((1_000_000L - 500, 450L), (air.Total, air.Held));
        Assert.Empty(await market.Ledger.CheckInvariantsAsync());
    }

    public void Dispose() => _db.Dispose();
}
