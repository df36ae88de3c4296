using PointsExchange.Sequencing;

namespace PointsExchange.Engine;

/// <summary>
/// Stage 2: hands runs of matched slots to the commit port as whole batches (group commit), and fails a
/// batch whole when the port throws. Slots matched on state that a failed commit invalidated (see
/// <see cref="ShardHealth"/>) are failed without being written.
/// </summary>
internal sealed class CommitStage(RingBuffer<EngineSlot> ring, EventArena arena, ICommitPort port, ShardHealth health,
    int maxBatch, int shardId, Action<Exception>? onFailure) : RangeStage(maxBatch)
{
    public override void Process(long first, long last)
    {
        // Epochs only grow along the ring, so the stale slots are a prefix of the batch.
        var failedEpoch = health.FailedEpoch;
        while (first <= last && ring[first].Epoch <= failedEpoch)
        {
            ring[first].Status = CommandStatus.Unavailable;
            first++;
        }

        if (first > last)
        {
            return;
        }

        try
        {
            port.Commit(new CommitBatch(ring, arena, first, last, shardId));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            for (var s = first; s <= last; s++)
            {
                ring[s].Status = CommandStatus.Unavailable;
            }

            health.CommitFailed(ring[last].Epoch);
            onFailure?.Invoke(e);
        }
    }
}
