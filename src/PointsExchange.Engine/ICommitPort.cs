namespace PointsExchange.Engine;

/// <summary>
/// The durable write of a batch (the PostgreSQL ledger implements it). Called on the commit stage's
/// own thread, which exists to wait for it: blocking here is the point, and while it waits the match
/// stage fills the next batch (group commit).
/// </summary>
public interface ICommitPort
{
    /// <summary>
    /// Makes the whole batch durable, or nothing of it. Returning means committed. Throwing means
    /// <b>not applied</b>: an implementation that cannot tell (connection lost after COMMIT was sent)
    /// must find out before it returns or throws. Slots whose status is not applied (unknown pair, halted)
    /// are part of the batch but carry nothing to write but, at most, their journal row.
    /// </summary>
    void Commit(in CommitBatch batch);
}
