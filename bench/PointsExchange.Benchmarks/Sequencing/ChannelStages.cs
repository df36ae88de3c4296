using System.Threading.Channels;

namespace PointsExchange.Benchmarks.Sequencing;

/// <summary>
/// The channel side of <see cref="RingVsChannelBenchmarks"/>, written the idiomatic way: TryWrite/TryRead
/// fast paths, await only when full or empty, one async loop per consumer or relay on the thread pool.
/// </summary>
public static class ChannelStages
{
    public static Channel<BenchEvent> Create(int capacity, bool singleWriter) =>
        Channel.CreateBounded<BenchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = singleWriter,
            FullMode = BoundedChannelFullMode.Wait,
        });

    public static async Task ProduceAsync(ChannelWriter<BenchEvent> writer, long count, long producerId)
    {
        for (long i = 0; i < count; i++)
        {
            var e = new BenchEvent { Value = i, ProducerId = producerId };
            if (!writer.TryWrite(e))
            {
                await writer.WriteAsync(e);
            }
        }
    }

    /// <summary>Reads, applies stage one or two to the copy, forwards it.</summary>
    public static async Task RelayAsync(ChannelReader<BenchEvent> reader, ChannelWriter<BenchEvent> writer, bool firstStage)
    {
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var e))
            {
                if (firstStage)
                {
                    BenchStages.First(ref e);
                }
                else
                {
                    BenchStages.Second(ref e);
                }

                if (!writer.TryWrite(e))
                {
                    await writer.WriteAsync(e);
                }
            }
        }

        writer.Complete();
    }

    public static async Task ConsumeAsync(ChannelReader<BenchEvent> reader, CompletionCounter counter)
    {
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var e))
            {
                counter.Add(e.Value + e.StageTwo);
            }
        }
    }
}
