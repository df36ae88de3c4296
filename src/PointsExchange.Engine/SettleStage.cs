namespace PointsExchange.Engine;

/// <summary>
/// Stages 2, 3 and 4 on one thread: for each range, commit, then publish, then complete. The default
/// grouping on small machines (see <see cref="EngineOptions.ThreadPerStage"/>): with a real ledger the
/// commit dominates and publishing or completing in its shadow gains little, while every extra stage
/// thread adds a wake-up per batch.
/// </summary>
internal sealed class SettleStage(CommitStage commit, PublishStage publish, CompleteStage complete, int maxBatch)
    : RangeStage(maxBatch)
{
    public override void Process(long first, long last)
    {
        commit.Process(first, last);
        publish.Process(first, last);
        complete.Process(first, last);
    }
}
