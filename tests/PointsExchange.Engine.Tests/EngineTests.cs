using PointsExchange.Matching;

namespace PointsExchange.Engine.Tests;

public sealed class EngineTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_engine_gives_the_same_events_and_hash_as_the_matching_core_alone(bool threadPerStage)
    {
        using var harness = new EngineHarness(new EngineOptions { ThreadPerStage = threadPerStage });
        var core = new OrderBook(EngineHarness.Spec);
        var stream = new RandomCommandStream(seed: 5);

        for (var i = 0; i < 3_000; i++)
        {
            var order = stream.Next();
            using var done = await harness.RunAsync(1, order);
            order.OrderId = done.Command.Order.OrderId;
            var expected = core.Run(in order);
            Assert.Equal(CommandStatus.Executed, done.Status);
            Assert.Equal(expected, done.Events);
            stream.Observe(done.Events);
        }

        Assert.True(harness.Engine.Stop(TimeSpan.FromSeconds(30)));
        Assert.Equal(core.StateHash(), harness.BookOf(1).StateHash());
        Assert.Equal(core.StateHash(), harness.Ledger.Committed(1).StateHash());
        Assert.Empty(harness.Ledger.Divergences);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Many_producers_each_get_their_own_outcome_and_the_journal_replays_to_the_same_books(bool threadPerStage)
    {
        var pairs = new[] { 1, 2, 3, 4, 5 };
        using var harness = new EngineHarness(new EngineOptions { Shards = 2, RingSize = 256, ThreadPerStage = threadPerStage }, pairs);
        const int PerProducer = 4_000;

        async Task Produce(int producer)
        {
            var stream = new RandomCommandStream(seed: 100 + producer);
            var random = new Random(producer);
            for (var i = 0; i < PerProducer; i++)
            {
                var order = stream.Next();
                var pair = pairs[random.Next(pairs.Length)];
                using var done = await harness.RunAsync(pair, order);
                Assert.Equal(CommandStatus.Executed, done.Status);
                Assert.Equal(pair, done.Command.PairId);
                var first = Assert.IsType<MatchEvent>(done.Events[0]);
                var expectedId = order.Type == CommandType.Place && order.OrderId == 0 ? done.Command.Order.OrderId : order.OrderId;
                Assert.Equal(expectedId, first.OrderId);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(() => Produce(p))));
        Assert.True(harness.Engine.Stop(TimeSpan.FromSeconds(30)));

        Assert.Equal(4 * PerProducer, harness.Ledger.Journal.Count);
        Assert.Empty(harness.Ledger.Divergences);
        foreach (var pair in pairs)
        {
            Assert.Equal(harness.Ledger.Committed(pair).StateHash(), harness.BookOf(pair).StateHash());
        }

        Assert.Equal(harness.Ledger.Journal.Select(j => j.Command.CommandId).Order(), harness.Ledger.Journal.Select(j => j.Command.CommandId).Distinct().Order());
    }

    [Fact]
    public async Task Ingress_stamps_the_command_id_the_time_and_the_order_id()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        using var harness = new EngineHarness(new EngineOptions { FirstCommandId = 5_000 }, time: time);

        using var first = await harness.RunAsync(1, OrderCommand.Limit(0, 7, Side.Buy, 10_000, 5));
        using var second = await harness.RunAsync(1, OrderCommand.Limit(0, 7, Side.Buy, 10_000, 5));

        Assert.Equal(5_000, first.Command.CommandId);
        Assert.Equal(5_001, second.Command.CommandId);
        Assert.Equal(5_001, second.Command.Order.OrderId);
        Assert.Equal(5_001, second.Events[0].OrderId);
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds() * 1000, first.Command.Timestamp);
    }

    [Fact]
    public async Task While_the_ledger_is_slow_the_next_commands_pile_up_into_one_batch()
    {
        using var harness = new EngineHarness(new EngineOptions { MaxCommitBatch = 64 });
        using (await harness.RunAsync(1, OrderCommand.Limit(0, 1, Side.Buy, 9_000, 2)))
        {
        }

        harness.Ledger.Gate.Reset();
        var blocked = harness.Pool.Rent();
        harness.Engine.TrySubmit(EngineCommand.ForOrder(1, OrderCommand.Limit(0, 1, Side.Buy, 9_000, 2)), blocked);
        await WaitUntil(() => harness.Ledger.CommitsEntered == 2);
        var queued = Enumerable.Range(0, 200).Select(_ => harness.Pool.Rent()).ToList();
        foreach (var c in queued)
        {
            Assert.Equal(SubmitResult.Accepted, harness.Engine.TrySubmit(EngineCommand.ForOrder(1, OrderCommand.Limit(0, 2, Side.Sell, 11_000, 2)), c));
        }

        harness.Ledger.Gate.Set();
        await Task.WhenAll(queued.Select(c => c.WaitAsync().AsTask()));

        // The first batch waited; behind it the 200 queued commands went in a few batches of at most 64.
        var later = harness.Ledger.BatchSizes.Skip(2).ToList();
        Assert.Equal(1, harness.Ledger.BatchSizes[1]);
        Assert.Equal(200, later.Sum());
        Assert.All(later, size => Assert.InRange(size, 1, 64));
        Assert.True(later.Max() >= 32, $"batches after the stall: {string.Join(",", later)}");
        blocked.Dispose();
        queued.ForEach(c => c.Dispose());
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 30 s");
            await Task.Delay(5);
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
