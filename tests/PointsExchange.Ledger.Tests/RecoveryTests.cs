namespace PointsExchange.Ledger.Tests;

/// <summary>The ledger is the system of record: books, holds and balances come back from it exactly.</summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly PostgresTestDatabase _db = new();

    [Fact]
    public async Task A_restarted_engine_rebuilds_the_same_book_and_the_journal_replays_to_the_same_trades()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 12, funding: 1_000_000_000_000);
        await RandomTrading.RunAsync(market, seed: 3, commands: 2_000, wave: 40);
        var hashBefore = market.Book.StateHash();
        var ordersBefore = market.Book.OrderCount;
        var balancesBefore = await AllBalancesAsync(market);

        market.Restart();

        Assert.True(ordersBefore > 20);
        Assert.Equal(hashBefore, market.Book.StateHash());
        Assert.Equal(balancesBefore, await AllBalancesAsync(market));
        Assert.Empty(await market.Ledger.CheckInvariantsAsync());

        // Replaying the pair's journal from an empty book gives the committed trades and the same book.
        var replayed = new OrderBook(market.Pair.Spec);
        var trades = new List<(long, long, long, long, long)>();
        foreach (var command in Journal(market.Pair.PairId))
        {
            foreach (var e in replayed.Run(in command).Where(e => e.Kind == MatchEventKind.Trade))
            {
                trades.Add((e.TradeId, e.OrderId, e.MakerOrderId, e.Price, e.Quantity));
            }
        }

        Assert.Equal(hashBefore, replayed.StateHash());
        Assert.Equal(TradesInLedger(), trades);
    }

    private List<OrderCommand> Journal(int pairId)
    {
        using var connection = new Npgsql.NpgsqlConnection(_db.ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("""
            select command_type, order_id, account_id, side, order_type, time_in_force, post_only, stp, price, quantity
              from command_journal where pair_id = $1 and kind = 1 order by command_id
            """, connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = pairId });
        using var reader = command.ExecuteReader();
        var commands = new List<OrderCommand>();
        while (reader.Read())
        {
            commands.Add(new OrderCommand
            {
                Type = (CommandType)reader.GetInt16(0),
                OrderId = reader.GetInt64(1),
                AccountId = reader.GetInt64(2),
                Side = (Side)reader.GetInt16(3),
                OrderType = (OrderType)reader.GetInt16(4),
                TimeInForce = (TimeInForce)reader.GetInt16(5),
                PostOnly = reader.GetBoolean(6),
                SelfTradePrevention = (SelfTradePrevention)reader.GetInt16(7),
                Price = reader.GetInt64(8),
                Quantity = reader.GetInt64(9),
            });
        }

        return commands;
    }

    private List<(long, long, long, long, long)> TradesInLedger()
    {
        using var connection = new Npgsql.NpgsqlConnection(_db.ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(
            "select book_trade_id, taker_order_id, maker_order_id, price, quantity from trades order by book_trade_id", connection);
        using var reader = command.ExecuteReader();
        var trades = new List<(long, long, long, long, long)>();
        while (reader.Read())
        {
            trades.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        Assert.NotEmpty(trades);
        return trades;
    }

    private static async Task<List<BalanceRow>> AllBalancesAsync(TradingScenario market)
    {
        var all = new List<BalanceRow>();
        foreach (var member in market.Members)
        {
            all.AddRange(await market.Ledger.GetBalancesAsync(member));
        }

        return all;
    }

    public void Dispose() => _db.Dispose();
}
