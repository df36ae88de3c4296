namespace PointsExchange.Sequencing.Tests;

public class MultiProducerSequencerTests
{
    // 2^21 events through a 1024-slot ring: it wraps 2048 times.
    private const long TotalEvents = 1 << 21;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Multi_producer_never_loses_or_duplicates_an_event(int producers)
    {
        var (first, second) = RunTwoConsumers(producers, (ring, id) => Producers.Publish(ring, id, TotalEvents / producers));

        foreach (var consumer in new[] { first, second })
        {
            Assert.Null(consumer.Error);
            Assert.Equal(TotalEvents, consumer.Count);
            Assert.All(consumer.LastCounters, last => Assert.Equal((TotalEvents / producers) - 1, last));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Multi_producer_batch_claims_never_lose_or_duplicate_an_event(int producers)
    {
        var (first, second) = RunTwoConsumers(
            producers,
            (ring, id) => Producers.PublishInBatches(ring, id, TotalEvents / producers, maxBatch: 16, seed: id));

        foreach (var consumer in new[] { first, second })
        {
            Assert.Null(consumer.Error);
            Assert.Equal(TotalEvents, consumer.Count);
        }
    }

    [Fact]
    public void Producers_never_overwrite_a_slot_the_slow_consumer_is_reading()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Multi, 8);
        var wiring = new RingWiring<TestEvent>(ring, "mp-gating");
        var slow = new CheckingHandler(producers: 4, slowEvery: 3);
        wiring.HandleEventsWith(slow);
        wiring.Start();

        Assert.True(Producers.RunConcurrently(4, id => Producers.Publish(ring, id, 10_000)));

        Assert.True(wiring.Drain(TestLimits.Hang));
        Assert.Null(slow.Error);
        Assert.Equal(40_000, slow.Count);
    }

    [Fact]
    public void Claimed_but_unpublished_slot_is_never_reported_as_published()
    {
        var sequencer = new MultiProducerSequencer(8, new BlockingWaitStrategy());
        long first = sequencer.Next();
        long second = sequencer.Next();
        long third = sequencer.Next();

        sequencer.Publish(second);
        sequencer.Publish(third);

        Assert.False(sequencer.IsAvailable(first));
        Assert.Equal(first - 1, sequencer.GetHighestPublishedSequence(first, third));
        sequencer.Publish(first);
        Assert.Equal(third, sequencer.GetHighestPublishedSequence(first, third));
    }

    [Fact]
    public void Availability_of_a_slot_from_the_previous_lap_does_not_count_for_this_lap()
    {
        var sequencer = new MultiProducerSequencer(4, new BlockingWaitStrategy());
        for (int i = 0; i < 4; i++)
        {
            sequencer.Publish(sequencer.Next());
        }

        Assert.True(sequencer.IsAvailable(0));
        Assert.False(sequencer.IsAvailable(4));
    }

    private static (CheckingHandler First, CheckingHandler Second) RunTwoConsumers(
        int producers,
        Action<RingBuffer<TestEvent>, int> publish)
    {
        // Two consumers in parallel: each must see every sequence exactly once.
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Multi, 1024);
        var wiring = new RingWiring<TestEvent>(ring, "mp");
        var first = new CheckingHandler(producers);
        var second = new CheckingHandler(producers);
        wiring.HandleEventsWith(first, second);
        wiring.Start();

        Assert.True(Producers.RunConcurrently(producers, id => publish(ring, id)));
        Assert.True(wiring.Drain(TestLimits.Hang));
        return (first, second);
    }
}
