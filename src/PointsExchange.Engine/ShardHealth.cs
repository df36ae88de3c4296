namespace PointsExchange.Engine;

/// <summary>
/// What the commit stage tells the match stage after a failed durable write, and counters for operators.
/// </summary>
/// <remarks>
/// Protocol: every slot carries the epoch (book generation) it was matched in. A failed commit of a
/// batch whose last slot ran in epoch e sets <see cref="FailedEpoch"/> to e: every slot of epoch e or
/// older was matched on state that now differs from the ledger, so the commit stage fails them all. The
/// match stage sees <c>FailedEpoch &gt;= its epoch</c>, rebuilds its books from the ledger
/// (<see cref="IBookSource"/>), and moves to epoch e + 1; until then it fails commands at once.
/// </remarks>
public sealed class ShardHealth
{
    // Writer: commit stage (release). Reader: match stage (acquire), operators.
    private int _failedEpoch = -1;

    // Writer: match stage (release). Readers: operators.
    private int _epoch;

    private long _failedCommits;
    private long _resyncs;

    public int FailedEpoch => Volatile.Read(ref _failedEpoch);

    public int Epoch => Volatile.Read(ref _epoch);

    /// <summary>Batches the ledger refused or could not take.</summary>
    public long FailedCommits => Interlocked.Read(ref _failedCommits);

    /// <summary>Times the books were rebuilt from the ledger after a failure.</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>True while the books are known to differ from the ledger.</summary>
    public bool Degraded => FailedEpoch >= Epoch;

    internal void CommitFailed(int epoch)
    {
        Interlocked.Increment(ref _failedCommits);
        if (epoch > Volatile.Read(ref _failedEpoch))
        {
            Volatile.Write(ref _failedEpoch, epoch);
        }
    }

    internal void Resynced(int newEpoch)
    {
        Interlocked.Increment(ref _resyncs);
        Volatile.Write(ref _epoch, newEpoch);
    }
}
