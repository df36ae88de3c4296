using PointsExchange.Matching;

namespace PointsExchange.Engine.Tests;

public sealed class EngineFailureTests
{
    [Fact]
    public async Task A_full_ring_refuses_at_once_and_takes_commands_again_once_it_drains()
    {
        using var harness = new EngineHarness(new EngineOptions { RingSize = 16 });
        harness.Ledger.Gate.Reset();
        var accepted = new List<PooledCompletion>();
        SubmitResult result;
        do
        {
            var c = harness.Pool.Rent();
            result = harness.Engine.TrySubmit(EngineCommand.ForOrder(1, OrderCommand.Limit(0, 1, Side.Buy, 9_000, 2)), c);
            if (result == SubmitResult.Accepted)
            {
                accepted.Add(c);
            }
        }
        while (result == SubmitResult.Accepted && accepted.Count < 100);

        Assert.Equal(SubmitResult.RingFull, result);
        Assert.Equal(16, accepted.Count);

        harness.Ledger.Gate.Set();
        await Task.WhenAll(accepted.Select(c => c.WaitAsync().AsTask()));
        using var after = await harness.RunAsync(1, OrderCommand.Limit(0, 1, Side.Buy, 9_000, 2));
        Assert.Equal(CommandStatus.Executed, after.Status);
    }

    [Fact]
    public async Task A_failed_commit_answers_unavailable_applies_nothing_and_the_books_are_rebuilt_when_the_ledger_returns()
    {
        using var harness = new EngineHarness(new EngineOptions { ResyncRetryInterval = TimeSpan.FromMilliseconds(10) });
        using (await harness.RunAsync(1, OrderCommand.Limit(0, 1, Side.Sell, 10_000, 5)))
        {
        }

        var committedHash = harness.Ledger.Committed(1).StateHash();
        harness.Ledger.Failing = true;

        using (var failed = await harness.RunAsync(1, OrderCommand.Limit(0, 2, Side.Buy, 10_000, 5)))
        {
            Assert.Equal(CommandStatus.Unavailable, failed.Status);
        }

        // Still down: commands fail fast instead of running on books that differ from the ledger.
        using (var stillDown = await harness.RunAsync(1, OrderCommand.Limit(0, 3, Side.Buy, 9_000, 1)))
        {
            Assert.Equal(CommandStatus.Unavailable, stillDown.Status);
        }

        Assert.Equal(committedHash, harness.Ledger.Committed(1).StateHash());
        harness.Ledger.Failing = false;

        // Back: the next command runs on books rebuilt from the ledger, where the failed buy never happened.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        PooledCompletion retried;
        while (true)
        {
            retried = await harness.RunAsync(1, OrderCommand.Limit(0, 2, Side.Buy, 10_000, 5));
            if (retried.Status == CommandStatus.Executed || DateTime.UtcNow > deadline)
            {
                break;
            }

            retried.Dispose();
        }

        using (retried)
        {
            Assert.Equal(CommandStatus.Executed, retried.Status);
            Assert.Equal(5, Assert.Single(retried.Events, e => e.Kind == MatchEventKind.Trade).Quantity);
        }

        Assert.True(harness.Engine.Shards[0].Health.Resyncs >= 1);
        Assert.Equal(harness.Ledger.Committed(1).StateHash(), harness.BookOf(1).StateHash());
        Assert.Empty(harness.Ledger.Divergences);
        Assert.DoesNotContain(harness.Publisher.Published, p => p.Applied && harness.Ledger.Journal.All(j => j.Command.CommandId != p.CommandId));
    }

    [Fact]
    public async Task A_halted_pair_refuses_places_and_replaces_but_still_cancels()
    {
        using var harness = new EngineHarness();
        using var placed = await harness.RunAsync(1, OrderCommand.Limit(0, 1, Side.Sell, 10_000, 5));
        var orderId = placed.Command.Order.OrderId;

        using (var halt = await harness.RunAsync(EngineCommand.ForPairStatus(1, halt: true)))
        {
            Assert.Equal(CommandStatus.StatusChanged, halt.Status);
        }

        using (var refused = await harness.RunAsync(1, OrderCommand.Limit(0, 2, Side.Buy, 10_000, 5)))
        {
            Assert.Equal(CommandStatus.PairHalted, refused.Status);
            Assert.Empty(refused.Events);
        }

        using (var replace = await harness.RunAsync(1, OrderCommand.Replace(orderId, 1, 10_005, 5)))
        {
            Assert.Equal(CommandStatus.PairHalted, replace.Status);
        }

        using (var cancel = await harness.RunAsync(1, OrderCommand.Cancel(orderId, 1)))
        {
            Assert.Equal(MatchEventKind.Cancelled, Assert.Single(cancel.Events).Kind);
        }

        using (await harness.RunAsync(EngineCommand.ForPairStatus(1, halt: false)))
        {
        }

        using var resumed = await harness.RunAsync(1, OrderCommand.Limit(0, 2, Side.Buy, 10_000, 5));
        Assert.Equal(CommandStatus.Executed, resumed.Status);
    }

    [Fact]
    public void A_pair_no_shard_owns_is_refused_at_ingress()
    {
        using var harness = new EngineHarness();

        Assert.Equal(SubmitResult.UnknownPair, harness.Engine.TrySubmit(EngineCommand.ForOrder(99, OrderCommand.Cancel(1, 1)), null));
    }

    [Fact]
    public async Task Stop_finishes_every_queued_command_and_then_refuses_new_ones()
    {
        using var harness = new EngineHarness();
        var queued = Enumerable.Range(0, 500).Select(i =>
        {
            var c = harness.Pool.Rent();
            Assert.Equal(SubmitResult.Accepted, harness.Engine.Submit(EngineCommand.ForOrder(1, OrderCommand.Limit(0, 1 + (i % 7), i % 2 == 0 ? Side.Buy : Side.Sell, 10_000, 2)), c));
            return c;
        }).ToList();

        Assert.True(harness.Engine.Stop(TimeSpan.FromSeconds(30)));

        Assert.All(queued, c => Assert.True(c.WaitAsync().IsCompleted));
        Assert.Equal(500, harness.Ledger.Journal.Count);
        Assert.Equal(SubmitResult.Stopped, harness.Engine.TrySubmit(EngineCommand.ForOrder(1, OrderCommand.Cancel(1, 1)), null));
    }

    [Fact]
    public async Task A_command_with_more_events_than_the_arena_holds_gets_them_all()
    {
        using var harness = new EngineHarness(new EngineOptions { EventArenaCapacity = 16 });
        for (var i = 0; i < 100; i++)
        {
            harness.Engine.Submit(EngineCommand.ForOrder(1, OrderCommand.Limit(0, 10 + i, Side.Sell, 10_000 + (5 * (i % 10)), 2)), null);
        }

        using var sweep = await harness.RunAsync(1, OrderCommand.Market(0, 1, Side.Buy, 20_000, 1_000));

        Assert.Equal(100, sweep.Events.Count(e => e.Kind == MatchEventKind.Trade));
        Assert.Equal(200, sweep.Events.Where(e => e.Kind == MatchEventKind.Trade).Sum(e => e.Quantity));
        Assert.True(harness.Engine.Shards[0].Arena.Capacity >= 128);
        Assert.Empty(harness.Ledger.Divergences);
    }

    [Fact]
    public void Each_pair_belongs_to_exactly_one_shard()
    {
        using var harness = new EngineHarness(new EngineOptions { Shards = 3 }, pairs: [1, 2, 3, 4, 5, 6, 7]);

        foreach (var pair in Enumerable.Range(1, 7))
        {
            Assert.Single(harness.Engine.Shards, s => s.Books.Get(pair) is not null);
        }

        Assert.All(harness.Engine.Shards, s => Assert.NotEmpty(s.Books.All()));
    }
}
