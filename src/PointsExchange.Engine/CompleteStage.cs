using PointsExchange.Sequencing;

namespace PointsExchange.Engine;

/// <summary>
/// Stage 4: tells each waiting caller its outcome, then releases the slots' events in the arena. The
/// completions copy what they need and schedule the caller's continuation elsewhere: this thread never
/// runs caller code.
/// </summary>
internal sealed class CompleteStage(RingBuffer<EngineSlot> ring, EventArena arena, int maxBatch, Action<Exception>? onFailure)
    : RangeStage(maxBatch)
{
    public override void Process(long first, long last)
    {
        for (var s = first; s <= last; s++)
        {
            ref var slot = ref ring[s];
            var completion = slot.Completion;
            slot.Completion = null;
            if (completion is null)
            {
                continue;
            }

            try
            {
                completion.OnCompleted(in slot, new EventView(arena, slot.EventStart, slot.EventCount));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                onFailure?.Invoke(e);
            }
        }

        ref readonly var lastSlot = ref ring[last];
        arena.Release(lastSlot.EventStart + lastSlot.EventCount);
    }
}
