namespace PointsExchange.Engine;

/// <summary>What ingress did with a command.</summary>
public enum SubmitResult : byte
{
    /// <summary>In the ring; the completion will be told.</summary>
    Accepted = 1,

    /// <summary>The ring is full: answer RESOURCE_EXHAUSTED; nothing was queued.</summary>
    RingFull = 2,

    /// <summary>No shard owns the pair.</summary>
    UnknownPair = 3,

    /// <summary>The engine is stopping or stopped.</summary>
    Stopped = 4,
}
