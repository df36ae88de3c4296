using PointsExchange.Sequencing;

namespace PointsExchange.Engine;

/// <summary>Sizes and policies of the engine; the defaults suit this project's 2-core machine.</summary>
public sealed record EngineOptions
{
    /// <summary>Shards, each with its own ring and four stage threads. Pairs are spread over them.</summary>
    public int Shards { get; init; } = 1;

    /// <summary>Ring slots per shard (a power of two): commands in flight before ingress answers "full".</summary>
    public int RingSize { get; init; } = 1 << 14;

    /// <summary>Most commands one durable write carries; a longer run of available slots is cut into batches.</summary>
    public int MaxCommitBatch { get; init; } = 4096;

    /// <summary>Initial event arena size per shard (a power of two); it doubles under a burst.</summary>
    public int EventArenaCapacity { get; init; } = 1 << 16;

    /// <summary>
    /// True: one thread per stage (4 per shard). False (default): match on one thread; commit, publish and
    /// complete in turn on a second. On this 2-core machine the grouped form measured faster at every rate
    /// (docs/performance.md, engine table), since each extra thread costs a wake-up per batch.
    /// </summary>
    public bool ThreadPerStage { get; init; }

    /// <summary>How stage threads wait: blocking by default, since busy-spinning starves a 2-core machine.</summary>
    public Func<IWaitStrategy> WaitStrategy { get; init; } = static () => new BlockingWaitStrategy();

    /// <summary>After a failed commit, how often the match stage retries rebuilding its books.</summary>
    public TimeSpan ResyncRetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The first command id handed out (recovery sets it above the ledger's highest id).</summary>
    public long FirstCommandId { get; init; } = 1;
}
