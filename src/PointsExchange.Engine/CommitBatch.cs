using PointsExchange.Sequencing;

namespace PointsExchange.Engine;

/// <summary>
/// The consecutive slots one durable write covers, handed to the ports whole. Slots are read in place;
/// the view is valid only during the port call.
/// </summary>
public readonly struct CommitBatch(RingBuffer<EngineSlot> ring, EventArena arena, long first, long last, int shardId)
{
    public long FirstSequence => first;

    public long LastSequence => last;

    public int Count => (int)(last - first + 1);

    /// <summary>The shard that produced the batch.</summary>
    public int ShardId => shardId;

    public ref readonly EngineSlot this[int i] => ref ring[first + i];

    public EventView EventsOf(in EngineSlot slot) => new(arena, slot.EventStart, slot.EventCount);
}
