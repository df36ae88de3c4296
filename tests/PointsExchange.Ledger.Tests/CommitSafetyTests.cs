using Npgsql;

namespace PointsExchange.Ledger.Tests;

/// <summary>A batch commits wholly or not at all, once, and only by the writer that holds the pair.</summary>
public sealed class CommitSafetyTests : IDisposable
{
    private readonly PostgresTestDatabase _db = new();

    [Fact]
    public async Task Committing_the_same_batch_twice_applies_it_once()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2);
        market.Engine.Stop(TimeSpan.FromSeconds(30));
        var book = market.Ledger.Load(market.Pair.PairId, market.Pair.Spec).Book;
        var batch = Batches.Build(book, market.Pair.PairId, market.Ledger.NextCommandId(),
            OrderCommand.Limit(0, market.Members[0], Side.Sell, 100, 3),
            OrderCommand.Limit(0, market.Members[1], Side.Buy, 100, 3));

        market.Ledger.Commit(in batch);
        var balances = await market.Ledger.GetBalancesAsync(market.Members[1]);
        market.Ledger.Commit(in batch);

        Assert.Equal(1L, _db.Count("trades"));
        Assert.Equal(2L, _db.Count("command_journal"));
        Assert.Equal(balances, await market.Ledger.GetBalancesAsync(market.Members[1]));
        Assert.Empty(await market.Ledger.CheckInvariantsAsync());
    }

    [Fact]
    public async Task A_writer_whose_epoch_is_stale_is_refused_and_writes_nothing()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2);
        market.Engine.Stop(TimeSpan.FromSeconds(30));
        using var first = _db.OpenLedger();
        using var second = _db.OpenLedger();
        var firstBook = first.Load(market.Pair.PairId, market.Pair.Spec).Book;
        var secondBook = second.Load(market.Pair.PairId, market.Pair.Spec).Book;
        var next = first.NextCommandId();

        var stale = Batches.Build(firstBook, market.Pair.PairId, next, OrderCommand.Limit(0, market.Members[0], Side.Sell, 100, 3));
        Assert.Throws<StaleEpochException>(() => first.Commit(in stale));
        Assert.Equal(0L, _db.Count("command_journal"));
        Assert.Equal(0L, _db.Count("orders"));

        var current = Batches.Build(secondBook, market.Pair.PairId, next, OrderCommand.Limit(0, market.Members[0], Side.Sell, 100, 3));
        second.Commit(in current);
        Assert.Equal(1L, _db.Count("orders"));
    }

    [Fact]
    public async Task A_connection_killed_in_the_middle_of_a_batch_leaves_nothing_and_the_retried_command_applies_once()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2,
            options: new EngineOptions { ResyncRetryInterval = TimeSpan.FromMilliseconds(20) });
        using (await market.RunAsync(OrderCommand.Limit(0, market.Members[0], Side.Sell, 100, 3)))
        {
        }

        var journal = _db.Count("command_journal");

        // Hold the pair's row so the next commit blocks inside its transaction, then kill its backend.
        await using var blocker = new NpgsqlConnection(_db.ConnectionString);
        await blocker.OpenAsync();
        await using var lockTx = await blocker.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("select 1 from pairs where pair_id = $1 for update", blocker, lockTx))
        {
            hold.Parameters.Add(new NpgsqlParameter { Value = market.Pair.PairId });
            await hold.ExecuteScalarAsync();
        }

        var pending = market.RunAsync(OrderCommand.Limit(0, market.Members[1], Side.Buy, 100, 3), clientOrderId: "buy-1");
        var killed = await KillBlockedBackendAsync(blocker);
        await lockTx.RollbackAsync();
        using (var failed = await pending)
        {
            Assert.Equal(CommandStatus.Unavailable, failed.Status);
        }

        Assert.True(killed);
        Assert.Equal(journal, _db.Count("command_journal"));
        Assert.Equal(0L, _db.Count("trades"));
        Assert.Empty(await market.Ledger.CheckInvariantsAsync());

        // The client retries; the engine has rebuilt its book from the ledger, so the trade happens once.
        PooledCompletion retried;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((retried = await market.RunAsync(OrderCommand.Limit(0, market.Members[1], Side.Buy, 100, 3), clientOrderId: "buy-1")).Status
            == CommandStatus.Unavailable && DateTime.UtcNow < deadline)
        {
            retried.Dispose();
            await Task.Delay(20);
        }

        using (retried)
        {
            Assert.Equal(CommandStatus.Executed, retried.Status);
        }

        Assert.Equal(1L, _db.Count("trades"));
        Assert.Equal(1L, _db.Scalar("select count(*) from orders where client_order_id = 'buy-1'"));
        Assert.Empty(await market.Ledger.CheckInvariantsAsync());
        Assert.Equal(market.Book.StateHash(), market.Ledger.Load(market.Pair.PairId, market.Pair.Spec).Book.StateHash());
    }

    /// <summary>Waits until a backend of this database is blocked on a lock, then terminates it.</summary>
    private async Task<bool> KillBlockedBackendAsync(NpgsqlConnection via)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var kill = new NpgsqlCommand("""
                select pg_terminate_backend(pid) from pg_stat_activity
                 where datname = $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid()
                """, via);
            kill.Parameters.Add(new NpgsqlParameter { Value = _db.Name });
            if (await kill.ExecuteScalarAsync() is true)
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    public void Dispose() => _db.Dispose();
}
