using CsCheck;

namespace PointsExchange.Sequencing.Tests;

public class RingBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Buffer_size_must_be_a_power_of_two(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RingBuffer<TestEvent>.Create(ProducerType.Single, size));

    [Fact]
    public void Indexer_is_a_reference_to_the_slot_that_the_next_lap_reuses()
    {
        var ring = RingBuffer<TestEvent>.Create(ProducerType.Single, 8);

        ring[3].Counter = 42;

        Assert.Equal(42, ring[3 + 8].Counter);
        Assert.Equal(0, ring[4].Counter);
    }

    [Theory]
    [InlineData(ProducerType.Single)]
    [InlineData(ProducerType.Multi)]
    public async Task TryNext_fails_at_once_when_the_ring_is_full_and_succeeds_after_the_consumer_advances(ProducerType type)
    {
        var ring = RingBuffer<TestEvent>.Create(type, 4);
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);

        // Run on another thread so that a TryNext that blocked would fail the test instead of hanging it.
        var run = Task.Run(() =>
        {
            for (int i = 0; i < 4; i++)
            {
                Assert.True(ring.TryNext(out long sequence));
                ring.Publish(sequence);
            }

            Assert.False(ring.TryNext(out _));
            Assert.False(ring.TryNext(out _));
            Assert.Equal(0, ring.RemainingCapacity());

            consumer.Value = 0;
            Assert.True(ring.TryNext(out long next));
            Assert.Equal(4, next);
            Assert.False(ring.TryNext(out _));
        });

        await run.WaitAsync(TestLimits.Hang);
    }

    [Theory]
    [InlineData(ProducerType.Single)]
    [InlineData(ProducerType.Multi)]
    public void TryNext_refuses_a_batch_that_does_not_fit_and_takes_one_that_does(ProducerType type)
    {
        var ring = RingBuffer<TestEvent>.Create(type, 8);
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);
        ring.Publish(ring.Next(6));

        Assert.False(ring.TryNext(3, out _));
        Assert.True(ring.TryNext(2, out long hi));
        Assert.Equal(7, hi);
    }

    [Theory]
    [InlineData(ProducerType.Single)]
    [InlineData(ProducerType.Multi)]
    public void Claims_agree_with_a_counting_model_for_random_operations(ProducerType type)
    {
        // Each operation: (true, n) = try to claim and publish n slots; (false, k) = the consumer advances k slots.
        Gen.Select(Gen.Bool, Gen.Int[1, 8]).Array[1, 80].Sample(operations =>
        {
            const int Size = 8;
            var ring = RingBuffer<TestEvent>.Create(type, Size);
            var consumer = new Sequence();
            ring.AddGatingSequences(consumer);
            long claimed = -1;
            long consumed = -1;
            foreach (var (claim, n) in operations)
            {
                if (claim)
                {
                    bool fits = claimed + n - consumed <= Size;
                    Assert.Equal(fits, ring.TryNext(n, out long hi));
                    if (fits)
                    {
                        Assert.Equal(claimed + n, hi);
                        ring.Publish(hi - n + 1, hi);
                        claimed = hi;
                    }
                }
                else
                {
                    consumed = Math.Min(claimed, consumed + n);
                    consumer.Value = consumed;
                }

                Assert.Equal(Size - (claimed - consumed), ring.RemainingCapacity());
            }
        });
    }
}
