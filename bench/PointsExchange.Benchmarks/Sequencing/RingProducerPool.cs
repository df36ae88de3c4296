using PointsExchange.Sequencing;

namespace PointsExchange.Benchmarks.Sequencing;

/// <summary>
/// Producer threads for the multi-producer ring benchmark, started once so an invocation allocates
/// nothing: each invocation releases every thread to publish its share.
/// </summary>
public sealed class RingProducerPool
{
    private readonly RingBuffer<BenchEvent> _ring;
    private readonly SemaphoreSlim[] _go;
    private readonly Thread[] _threads;
    private readonly int _claimBatch;

    // Written by the benchmark thread before it releases the semaphores; read by producers after acquiring.
    private long _eventsPerProducer;
    private bool _stop;

    /// <param name="ring">The ring to publish to.</param>
    /// <param name="producers">Number of producer threads.</param>
    /// <param name="claimBatch">Slots claimed and published at once (1 = one claim per event).</param>
    public RingProducerPool(RingBuffer<BenchEvent> ring, int producers, int claimBatch = 1)
    {
        _ring = ring;
        _claimBatch = claimBatch;
        _go = new SemaphoreSlim[producers];
        _threads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            int id = p;
            _go[p] = new SemaphoreSlim(0);
            _threads[p] = new Thread(() => Loop(id)) { IsBackground = true, Name = $"ring-producer-{id}" };
            _threads[p].Start();
        }
    }

    public void Release(long eventsPerProducer)
    {
        _eventsPerProducer = eventsPerProducer;
        foreach (var go in _go)
        {
            go.Release();
        }
    }

    public void Stop()
    {
        _stop = true;
        foreach (var go in _go)
        {
            go.Release();
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    public static void Publish(RingBuffer<BenchEvent> ring, long count, long producerId)
    {
        for (long i = 0; i < count; i++)
        {
            long sequence = ring.Next();
            ref var e = ref ring[sequence];
            e.Value = i;
            e.ProducerId = producerId;
            e.StageOne = 0;
            e.StageTwo = 0;
            ring.Publish(sequence);
        }
    }

    /// <summary>Claims <paramref name="batch"/> slots at a time (count must be a multiple of it), fills them, publishes the range.</summary>
    public static void PublishInBatches(RingBuffer<BenchEvent> ring, long count, long producerId, int batch)
    {
        for (long i = 0; i < count; i += batch)
        {
            long hi = ring.Next(batch);
            long lo = hi - batch + 1;
            for (long sequence = lo; sequence <= hi; sequence++)
            {
                ref var e = ref ring[sequence];
                e.Value = i + (sequence - lo);
                e.ProducerId = producerId;
                e.StageOne = 0;
                e.StageTwo = 0;
            }

            ring.Publish(lo, hi);
        }
    }

    private void Loop(int id)
    {
        while (true)
        {
            _go[id].Wait();
            if (_stop)
            {
                return;
            }

            if (_claimBatch == 1)
            {
                Publish(_ring, _eventsPerProducer, id);
            }
            else
            {
                PublishInBatches(_ring, _eventsPerProducer, id, _claimBatch);
            }
        }
    }
}
