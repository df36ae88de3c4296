namespace PointsExchange.Sequencing.Tests;

public class SequenceBarrierTests
{
    [Fact]
    public void Barrier_hands_out_only_the_contiguous_published_run_with_multiple_producers()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Multi, 8);
        var barrier = ring.NewBarrier();
        long first = ring.Next();
        long second = ring.Next();
        long third = ring.Next();
        ring.Publish(first);
        ring.Publish(third);

        Assert.Equal(first, barrier.WaitFor(first));

        ring.Publish(second);
        Assert.Equal(third, barrier.WaitFor(second));
    }

    [Fact]
    public void Barrier_follows_its_dependent_consumers_rather_than_the_cursor()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 8, new TimeoutBlockingWaitStrategy(TimeSpan.FromMilliseconds(5)));
        var upstreamA = new Sequence(3);
        var upstreamB = new Sequence(1);
        var barrier = ring.NewBarrier(upstreamA, upstreamB);
        ring.Publish(ring.Next(6));

        Assert.Equal(1, barrier.WaitFor(0));

        // Nothing past the slowest dependent: the timing-out strategy gives up and reports no progress.
        Assert.True(barrier.WaitFor(2) < 2);
        Assert.False(barrier.IsAlerted);
    }

    public static TheoryData<string> BlockingStrategies => ["Blocking", "TimeoutBlocking", "Yielding", "BusySpin", "Sleeping"];

    [Theory]
    [MemberData(nameof(BlockingStrategies))]
    public void Alert_wakes_a_consumer_waiting_for_a_slot_that_never_comes(string strategy)
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 8, WaitStrategies.Create(strategy, TimeSpan.FromSeconds(30)));
        var barrier = ring.NewBarrier();
        long returned = long.MaxValue;
        var waiter = new Thread(() => returned = barrier.WaitFor(0)) { IsBackground = true };
        waiter.Start();

        barrier.Alert();

        Assert.True(waiter.Join(TestLimits.Hang));
        Assert.True(returned < 0);
        Assert.True(barrier.IsAlerted);
    }

    [Fact]
    public void Alerted_barrier_returns_at_once_until_the_alert_is_cleared()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 8);
        var barrier = ring.NewBarrier();
        ring.Publish(ring.Next());
        barrier.Alert();

        Assert.Equal(-1, barrier.WaitFor(0));

        barrier.ClearAlert();
        Assert.Equal(0, barrier.WaitFor(0));
    }
}
