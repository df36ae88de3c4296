namespace PointsExchange.Engine;

/// <summary>Engine-wide command (and order) ids: unique, increasing, never reused after a restart.</summary>
public sealed class CommandIdSource(long first)
{
    // Any ingress thread: Interlocked.
    private long _last = first - 1;

    public long Next() => Interlocked.Increment(ref _last);

    /// <summary>The last id handed out.</summary>
    public long Last => Interlocked.Read(ref _last);
}
