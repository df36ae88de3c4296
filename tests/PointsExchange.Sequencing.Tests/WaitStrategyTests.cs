namespace PointsExchange.Sequencing.Tests;

public class WaitStrategyTests
{
    public static TheoryData<string> Strategies => ["BusySpin", "Yielding", "Sleeping", "Blocking", "TimeoutBlocking"];

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Every_strategy_delivers_every_event_once_and_in_order(string strategy)
    {
        const long Events = 200_000;
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 1024, WaitStrategies.Create(strategy, TimeSpan.FromMilliseconds(1)));
        var wiring = new RingWiring<TestEvent>(ring, strategy);
        var consumer = new CheckingHandler(producers: 1);
        wiring.HandleEventsWith(consumer);
        wiring.Start();

        Producers.Publish(ring, 0, Events);

        Assert.True(wiring.Drain(TestLimits.Hang));
        Assert.Null(consumer.Error);
        Assert.Equal(Events, consumer.Count);
    }

    [Fact]
    public void Timeout_blocking_calls_the_timeout_callback_while_idle_and_still_delivers_later_events()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 16, new TimeoutBlockingWaitStrategy(TimeSpan.FromMilliseconds(2)));
        var handler = new TimeoutCountingHandler();
        var processor = new BatchEventProcessor<TestEvent>(ring, ring.NewBarrier(), handler);
        ring.AddGatingSequences(processor.Sequence);
        processor.Start("timeout-test");

        Assert.True(TestLimits.Eventually(() => handler.Timeouts >= 3));
        Assert.Equal(-1, handler.LastTimeoutSequence);

        Producers.Publish(ring, 0, 5);
        Assert.True(TestLimits.Eventually(() => processor.Sequence.Value == 4));
        int timeoutsAfterEvents = handler.Timeouts;
        Assert.True(TestLimits.Eventually(() => handler.Timeouts > timeoutsAfterEvents));
        processor.Halt();

        Assert.True(processor.Join(TestLimits.Hang));
        Assert.Equal(5, handler.Events);
        Assert.Equal(4, handler.LastTimeoutSequence);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(BlockingWaitStrategy.DefaultSpinIterations)]
    public void Blocking_consumer_wakes_for_each_of_many_sparse_publishes(int spinIterations)
    {
        // Publishes one event at a time and waits for it: with no spinning each one finds the consumer
        // asleep or about to sleep, which is where a lost wake-up would hang (and fail after the limit).
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 8, new BlockingWaitStrategy(spinIterations));
        var consumer = new CheckingHandler(producers: 1);
        var processor = new BatchEventProcessor<TestEvent>(ring, ring.NewBarrier(), consumer);
        ring.AddGatingSequences(processor.Sequence);
        processor.Start("sparse-test");

        for (long i = 0; i < 2000; i++)
        {
            long sequence = ring.Next();
            Producers.Fill(ref ring[sequence], sequence, 0, i);
            ring.Publish(sequence);
            Assert.True(TestLimits.Eventually(() => processor.Sequence.Value == sequence));
        }

        processor.Halt();
        Assert.True(processor.Join(TestLimits.Hang));
        Assert.Null(consumer.Error);
        Assert.Equal(2000, consumer.Count);
    }

    private sealed class TimeoutCountingHandler : IEventHandler<TestEvent>
    {
        private int _timeouts;
        private int _events;
        private long _lastTimeoutSequence = long.MinValue;

        public int Timeouts => Volatile.Read(ref _timeouts);

        public int Events => Volatile.Read(ref _events);

        public long LastTimeoutSequence => Volatile.Read(ref _lastTimeoutSequence);

        public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch) => Interlocked.Increment(ref _events);

        public void OnTimeout(long sequence)
        {
            Volatile.Write(ref _lastTimeoutSequence, sequence);
            Interlocked.Increment(ref _timeouts);
        }
    }
}
