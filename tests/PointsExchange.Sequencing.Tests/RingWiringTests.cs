namespace PointsExchange.Sequencing.Tests;

public class RingWiringTests
{
    private const long Events = 500_000;

    [Fact]
    public void Pipeline_stage_sees_a_slot_only_after_the_previous_stage_marked_it()
    {
        // P --> [ring] --> A --> B --> C*
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 64);
        var wiring = new RingWiring<TestEvent>(ring, "pipeline");
        var a = new MarkingHandler(requireA: false, requireB: false, Mark.A, slowEvery: 7);
        var b = new MarkingHandler(requireA: true, requireB: false, Mark.B, slowEvery: 11);
        var c = new MarkingHandler(requireA: true, requireB: true, Mark.None);
        wiring.HandleEventsWith(a).Then(b).Then(c);
        wiring.Start();

        Producers.Publish(ring, 0, Events);

        Assert.True(wiring.Drain(TestLimits.Hang));
        foreach (var stage in new[] { a, b, c })
        {
            Assert.Null(stage.Error);
            Assert.Equal(Events, stage.Count);
        }
    }

    [Fact]
    public void Diamond_join_sees_a_slot_only_after_both_parallel_consumers_marked_it()
    {
        //                  +--> A --+
        // P --> [ring] ----+        +--> C*
        //                  +--> B --+
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Multi, 64);
        var wiring = new RingWiring<TestEvent>(ring, "diamond");
        var a = new MarkingHandler(requireA: false, requireB: false, Mark.A, slowEvery: 7);
        var b = new MarkingHandler(requireA: false, requireB: false, Mark.B, slowEvery: 13);
        var c = new MarkingHandler(requireA: true, requireB: true, Mark.None);
        wiring.HandleEventsWith(a, b).Then(c);
        wiring.Start();

        Assert.True(Producers.RunConcurrently(2, id => Producers.Publish(ring, id, Events / 2)));

        Assert.True(wiring.Drain(TestLimits.Hang));
        foreach (var stage in new[] { a, b, c })
        {
            Assert.Null(stage.Error);
            Assert.Equal(Events, stage.Count);
        }
    }

    [Fact]
    public void Producer_never_overwrites_a_slot_the_slow_final_stage_of_a_pipeline_has_not_read()
    {
        // P --> [ring of 4] --> A --> C* (slow): only C gates the producer, and C checks every stamp.
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 4);
        var wiring = new RingWiring<TestEvent>(ring, "gated");
        var a = new MarkingHandler(requireA: false, requireB: false, Mark.A);
        var c = new CheckingHandler(producers: 1, slowEvery: 2);
        wiring.HandleEventsWith(a).Then(c);
        wiring.Start();

        Producers.Publish(ring, 0, 20_000);

        Assert.True(wiring.Drain(TestLimits.Hang));
        Assert.Null(a.Error);
        Assert.Null(c.Error);
        Assert.Equal(20_000, c.Count);
    }

    [Fact]
    public void Drain_processes_every_slot_published_before_it()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 1024);
        var wiring = new RingWiring<TestEvent>(ring, "drain");
        var handler = new CheckingHandler(producers: 1);
        wiring.HandleEventsWith(handler);

        // Published before Start (fits in the ring) and after it.
        Producers.Publish(ring, 0, 1000);
        wiring.Start();
        for (long i = 1000; i < 100_000; i++)
        {
            long sequence = ring.Next();
            Producers.Fill(ref ring[sequence], sequence, 0, i);
            ring.Publish(sequence);
        }

        Assert.True(wiring.Drain(TestLimits.Hang));
        Assert.Null(handler.Error);
        Assert.Equal(100_000, handler.Count);
        Assert.All(wiring.Processors, p => Assert.False(p.IsRunning));
    }

    [Fact]
    public void Drain_after_halt_loses_nothing_that_was_published()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Multi, 256);
        var wiring = new RingWiring<TestEvent>(ring, "halt-then-drain");
        var first = new CheckingHandler(producers: 2, slowEvery: 5);
        var last = new CheckingHandler(producers: 2);
        wiring.HandleEventsWith(first).Then(last);
        wiring.Start();

        // Producers fill less than the ring while the consumers are halted halfway, so they never block.
        Assert.True(Producers.RunConcurrently(2, id => Producers.Publish(ring, id, 100)));
        Assert.True(wiring.Halt(TestLimits.Hang));
        Assert.True(Producers.RunConcurrently(2, id => Producers.Publish(ring, id, 20, firstCounter: 100)));
        Assert.All(wiring.Processors, p => Assert.False(p.IsRunning));

        Assert.True(wiring.Drain(TestLimits.Hang));
        Assert.Null(first.Error);
        Assert.Null(last.Error);
        Assert.Equal(240, first.Count);
        Assert.Equal(240, last.Count);
    }

    [Fact]
    public void Start_after_a_drain_resumes_after_the_last_processed_slot()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 64);
        var wiring = new RingWiring<TestEvent>(ring, "restart");
        var handler = new CheckingHandler(producers: 1);
        wiring.HandleEventsWith(handler);
        wiring.Start();
        Producers.Publish(ring, 0, 100);
        Assert.True(wiring.Drain(TestLimits.Hang));

        wiring.Start();
        Producers.Publish(ring, 0, 50, firstCounter: 100);

        Assert.True(wiring.Drain(TestLimits.Hang));
        Assert.Null(handler.Error);
        Assert.Equal(150, handler.Count);
    }

    [Fact]
    public void Consumers_cannot_be_added_after_start()
    {
        var wiring = new RingWiring<TestEvent>(RingBuffer<TestEvent>.Create(ProducerType.Single, 8));
        var group = wiring.HandleEventsWith(new CheckingHandler(1));
        wiring.Start();

        Assert.Throws<InvalidOperationException>(() => group.Then(new CheckingHandler(1)));
        Assert.True(wiring.Halt(TestLimits.Hang));
    }

    [Fact]
    public void Producers_are_gated_on_the_final_consumers_of_a_diamond()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 8);
        var wiring = new RingWiring<TestEvent>(ring);
        var parallel = wiring.HandleEventsWith(new CheckingHandler(1), new CheckingHandler(1));
        var join = parallel.Then(new CheckingHandler(1));

        // Fill the ring without consumers running; move the parallel consumers' sequences forward by hand.
        Producers.Publish(ring, 0, 8);
        foreach (var sequence in parallel.Sequences)
        {
            sequence.Value = 7;
        }

        Assert.False(ring.TryNext(out _));
        join.Sequences[0].Value = 0;
        Assert.True(ring.TryNext(out long claimed));
        Assert.Equal(8, claimed);
    }
}
