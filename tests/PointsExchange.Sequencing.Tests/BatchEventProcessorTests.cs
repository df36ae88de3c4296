namespace PointsExchange.Sequencing.Tests;

public class BatchEventProcessorTests
{
    [Fact]
    public void End_of_batch_is_set_exactly_once_at_the_end_of_each_batch()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 256);
        var handler = new BatchRecordingHandler();
        var processor = Start(ring, handler);

        // The consumer takes slot 0 and blocks inside the handler; 100 more slots are published meanwhile,
        // so when it is released they are all available at once: one batch of 100.
        Producers.Publish(ring, 0, 1);
        Assert.True(handler.Entered.Wait(TestLimits.Hang));
        Producers.Publish(ring, 0, 100);
        handler.Release.Set();
        Assert.True(TestLimits.Eventually(() => processor.Sequence.Value == 100));
        processor.Halt();
        Assert.True(processor.Join(TestLimits.Hang));

        Assert.Equal([1L, 100L], handler.BatchSizes);
        Assert.Equal([0L, 100L], handler.EndOfBatchSequences);
        Assert.Equal(101, handler.Events);
    }

    [Fact]
    public void Handler_exception_is_reported_and_processing_goes_on_with_the_next_events()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 64);
        var handler = new ThrowingHandler(throwWhen: s => s % 10 == 3);
        var exceptions = new RecordingExceptionHandler();
        var processor = Start(ring, handler, exceptions);

        Producers.Publish(ring, 0, 100);
        Assert.True(TestLimits.Eventually(() => processor.Sequence.Value == 99));
        processor.Halt();
        Assert.True(processor.Join(TestLimits.Hang));

        Assert.Equal([3L, 13L, 23L, 33L, 43L, 53L, 63L, 73L, 83L, 93L], exceptions.Sequences);
        Assert.All(exceptions.Exceptions, e => Assert.IsType<InvalidOperationException>(e));
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 10 != 3).Select(i => (long)i), handler.Handled);
        Assert.True(processor.IsRunning is false);
        Assert.Null(processor.Fault);
    }

    [Fact]
    public void Exception_handler_that_throws_stops_the_processor_and_leaves_the_fault_recorded()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 64);
        var handler = new ThrowingHandler(throwWhen: s => s == 5);
        var processor = Start(ring, handler, new RethrowingExceptionHandler());

        Producers.Publish(ring, 0, 10);

        Assert.True(TestLimits.Eventually(() => !processor.IsRunning));
        Assert.True(processor.Join(TestLimits.Hang));
        var fault = Assert.IsType<InvalidOperationException>(processor.Fault);
        Assert.Contains("5", fault.Message, StringComparison.Ordinal);
        Assert.Equal(4, processor.Sequence.Value);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], handler.Handled);
    }

    [Fact]
    public void Halt_stops_the_thread_and_a_restart_resumes_after_the_last_processed_slot()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 64);
        var handler = new CheckingHandler(producers: 1);
        var processor = Start(ring, handler);
        Producers.Publish(ring, 0, 10);
        Assert.True(TestLimits.Eventually(() => processor.Sequence.Value == 9));

        processor.Halt();

        Assert.True(processor.Join(TestLimits.Hang));
        Assert.False(processor.IsRunning);
        for (long i = 10; i < 20; i++)
        {
            long sequence = ring.Next();
            Producers.Fill(ref ring[sequence], sequence, 0, i);
            ring.Publish(sequence);
        }

        Assert.Equal(9, processor.Sequence.Value);
        Assert.Equal(10, handler.Count);

        processor.Start("restarted");
        Assert.True(TestLimits.Eventually(() => processor.Sequence.Value == 19));
        processor.Halt();
        Assert.True(processor.Join(TestLimits.Hang));
        Assert.Null(handler.Error);
        Assert.Equal(20, handler.Count);
    }

    [Fact]
    public void Lifecycle_hooks_run_once_on_the_named_background_thread()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 8);
        var handler = new BatchRecordingHandler();
        handler.Release.Set();
        var processor = Start(ring, handler, name: "hooks-test");

        Assert.True(TestLimits.Eventually(() => handler.StartedOn is not null));
        processor.Halt();
        Assert.True(processor.Join(TestLimits.Hang));

        Assert.Equal(("hooks-test", true), handler.StartedOn);
        Assert.Equal(1, handler.Shutdowns);
        Assert.Throws<InvalidOperationException>(() =>
        {
            processor.Start("twice");
            processor.Start("twice");
        });
        processor.Halt();
        Assert.True(processor.Join(TestLimits.Hang));
    }

    [Fact]
    public void Publishing_and_consuming_allocate_nothing_per_event()
    {
        const long Warmup = 200_000;
        const long Measured = 1_000_000;
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 1024);
        var handler = new AllocationMeasuringHandler(Warmup, Warmup + Measured - 1);
        var processor = Start(ring, handler);

        Producers.Publish(ring, 0, Warmup);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Producers.Publish(ring, 0, Measured);
        long producerBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(TestLimits.Eventually(() => processor.Sequence.Value == Warmup + Measured - 1));
        processor.Halt();
        Assert.True(processor.Join(TestLimits.Hang));
        Assert.Equal(0, producerBytes);
        Assert.Equal(0, handler.AllocatedBytes);
    }

    private static BatchEventProcessor<TestEvent> Start(
        RingBuffer<TestEvent> ring,
        IEventHandler<TestEvent> handler,
        IExceptionHandler<TestEvent>? exceptions = null,
        string name = "processor-test")
    {
        var processor = new BatchEventProcessor<TestEvent>(ring, ring.NewBarrier(), handler, exceptions);
        ring.AddGatingSequences(processor.Sequence);
        processor.Start(name);
        return processor;
    }
}
