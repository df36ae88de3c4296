namespace PointsExchange.Engine;

/// <summary>
/// A pre-allocated ring slot. Each field has one writer stage; later stages read it after the ring's
/// sequence barrier (a release store of the writer's sequence, an acquire load in the reader's barrier),
/// so no field needs its own fence.
/// </summary>
public struct EngineSlot
{
    /// <summary>Writer: ingress (the producer), before publish.</summary>
    public EngineCommand Command;

    /// <summary>Who to tell when the command is done; null for fire-and-forget. Writer: ingress; cleared by the complete stage.</summary>
    public ICommandCompletion? Completion;

    /// <summary><c>Stopwatch.GetTimestamp()</c> at ingress, for latency figures. Writer: ingress.</summary>
    public long IngressTicks;

    /// <summary>First event of this command in the shard's <see cref="EventArena"/>. Writer: match stage.</summary>
    public long EventStart;

    /// <summary>How many events the command produced. Writer: match stage.</summary>
    public int EventCount;

    /// <summary>The book generation the command ran on (see <see cref="MatchStage"/>). Writer: match stage.</summary>
    public int Epoch;

    /// <summary>
    /// The pair's market data sequence after this command: the match stage counts every executed command
    /// of a pair, so consecutive commands of one pair carry consecutive numbers. Writer: match stage.
    /// </summary>
    public long PairSequence;

    /// <summary>Writer: match stage; then the commit stage, which may only turn it into <see cref="CommandStatus.Unavailable"/>.</summary>
    public CommandStatus Status;

    /// <summary>True when the status is final and applied: executed (or a status change) and committed.</summary>
    public readonly bool Applied => Status is CommandStatus.Executed or CommandStatus.StatusChanged;
}
