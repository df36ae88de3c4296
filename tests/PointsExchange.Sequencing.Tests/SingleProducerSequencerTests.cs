namespace PointsExchange.Sequencing.Tests;

public class SingleProducerSequencerTests
{
    [Fact]
    public void Single_producer_never_loses_or_duplicates_an_event()
    {
        const long Events = 1 << 22;
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 1024);
        var wiring = new RingWiring<TestEvent>(ring, "sp");
        var consumer = new CheckingHandler(producers: 1);
        wiring.HandleEventsWith(consumer);
        wiring.Start();

        Producers.Publish(ring, 0, Events);

        Assert.True(wiring.Drain(TestLimits.Hang));
        Assert.Null(consumer.Error);
        Assert.Equal(Events, consumer.Count);
        Assert.Equal(Events - 1, consumer.LastCounters[0]);
    }

    [Fact]
    public void Single_producer_batch_claims_never_lose_or_duplicate_an_event()
    {
        const long Events = 1 << 21;
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 1024);
        var wiring = new RingWiring<TestEvent>(ring, "sp-batch");
        var consumer = new CheckingHandler(producers: 1);
        wiring.HandleEventsWith(consumer);
        wiring.Start();

        Producers.PublishInBatches(ring, 0, Events, maxBatch: 64, seed: 42);

        Assert.True(wiring.Drain(TestLimits.Hang));
        Assert.Null(consumer.Error);
        Assert.Equal(Events, consumer.Count);
    }

    [Fact]
    public void Single_producer_never_overwrites_a_slot_the_slow_consumer_is_reading()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 4);
        var wiring = new RingWiring<TestEvent>(ring, "sp-gating");
        var slow = new CheckingHandler(producers: 1, slowEvery: 2);
        wiring.HandleEventsWith(slow);
        wiring.Start();

        Producers.Publish(ring, 0, 20_000);

        Assert.True(wiring.Drain(TestLimits.Hang));
        Assert.Null(slow.Error);
        Assert.Equal(20_000, slow.Count);
    }

    [Fact]
    public void Claim_larger_than_the_ring_is_rejected()
    {
        var sequencer = new SingleProducerSequencer(8, new BlockingWaitStrategy());

        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.Next(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.TryNext(0, out _));
    }

    [Fact]
    public void Published_slots_are_available_until_the_producer_laps_them()
    {
        var sequencer = new SingleProducerSequencer(4, new BlockingWaitStrategy());
        sequencer.Publish(sequencer.Next(3));

        Assert.True(sequencer.IsAvailable(0));
        Assert.True(sequencer.IsAvailable(2));
        Assert.False(sequencer.IsAvailable(3));
    }
}
