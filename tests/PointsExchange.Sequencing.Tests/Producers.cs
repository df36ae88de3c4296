namespace PointsExchange.Sequencing.Tests;

/// <summary>Publishes stamped <see cref="TestEvent"/>s from one or more threads.</summary>
public static class Producers
{
    /// <summary>Publishes <paramref name="count"/> events as producer <paramref name="producerId"/>, one claim each.</summary>
    public static void Publish(RingBuffer<TestEvent> ring, int producerId, long count, long firstCounter = 0)
    {
        for (long i = firstCounter; i < firstCounter + count; i++)
        {
            long sequence = ring.Next();
            Fill(ref ring[sequence], sequence, producerId, i);
            ring.Publish(sequence);
        }
    }

    /// <summary>Publishes <paramref name="count"/> events claiming them in batches of 1..<paramref name="maxBatch"/>.</summary>
    public static void PublishInBatches(RingBuffer<TestEvent> ring, int producerId, long count, int maxBatch, int seed)
    {
        var random = new Random(seed);
        long counter = 0;
        while (counter < count)
        {
            int n = (int)Math.Min(random.Next(1, maxBatch + 1), count - counter);
            long hi = ring.Next(n);
            long lo = hi - n + 1;
            for (long sequence = lo; sequence <= hi; sequence++)
            {
                Fill(ref ring[sequence], sequence, producerId, counter++);
            }

            ring.Publish(lo, hi);
        }
    }

    /// <summary>Runs <paramref name="producers"/> threads that each call <paramref name="publish"/> with their id; true if all ended in time.</summary>
    public static bool RunConcurrently(int producers, Action<int> publish)
    {
        var threads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            int id = p;
            threads[p] = new Thread(() => publish(id)) { IsBackground = true, Name = $"test-producer-{id}" };
        }

        foreach (var thread in threads)
        {
            thread.Start();
        }

        return Array.TrueForAll(threads, t => t.Join(TestLimits.Hang));
    }

    public static void Fill(ref TestEvent slot, long sequence, int producerId, long counter)
    {
        slot.ProducerId = producerId;
        slot.Counter = counter;
        slot.MarkA = -1;
        slot.MarkB = -1;
        slot.Stamp = sequence;
    }
}
