using PointsExchange.Sequencing;

namespace PointsExchange.Engine;

/// <summary>
/// Stage 3: hands committed batches to the publish port (market data, account events). Runs only behind
/// the commit stage, so nothing uncommitted is ever published; the port skips slots that are not applied.
/// </summary>
internal sealed class PublishStage(RingBuffer<EngineSlot> ring, EventArena arena, IPublishPort port, int maxBatch, int shardId,
    Action<Exception>? onFailure) : RangeStage(maxBatch)
{
    public override void Process(long first, long last)
    {
        try
        {
            port.Publish(new CommitBatch(ring, arena, first, last, shardId));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Market data is best effort and re-derivable from the ledger; callers still get their answers.
            onFailure?.Invoke(e);
        }
    }
}
