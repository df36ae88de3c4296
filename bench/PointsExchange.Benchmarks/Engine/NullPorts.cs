using PointsExchange.Engine;

namespace PointsExchange.Benchmarks.Engine;

/// <summary>In-process ports that do nothing: what is left is the engine's own cost.</summary>
internal sealed class NullPorts : ICommitPort, IPublishPort
{
    public long Batches;

    public void Commit(in CommitBatch batch) => Batches++;

    public void Publish(in CommitBatch batch)
    {
    }
}

/// <summary>
/// One completion shared by every command: counts them and records ingress-to-completion latency in
/// ticks. Only the complete stage calls it (one thread), so plain fields; the producer polls the count.
/// </summary>
internal sealed class CountingCompletion(HdrHistogram.LongHistogram? latency) : ICommandCompletion
{
    private long _completed;

    public long Completed => Volatile.Read(ref _completed);

    public void OnCompleted(in EngineSlot slot, EventView events)
    {
        latency?.RecordValue(System.Diagnostics.Stopwatch.GetTimestamp() - slot.IngressTicks);
        Volatile.Write(ref _completed, _completed + 1);
    }

    public void Reset() => Volatile.Write(ref _completed, 0);
}
