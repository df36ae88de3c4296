using PointsExchange.Engine;
using PointsExchange.Matching;
using PointsExchange.Sequencing;

namespace PointsExchange.Benchmarks.Engine;

/// <summary>Shared by the engine benchmark and the latency run.</summary>
internal static class EngineRuns
{
    public static EngineOptions Options(string wait, bool threadPerStage = false) => new()
    {
        RingSize = 1 << 14,
        ThreadPerStage = threadPerStage,
        WaitStrategy = wait == "yielding" ? static () => new YieldingWaitStrategy() : static () => new BlockingWaitStrategy(),
    };

    public static void SubmitAll(MatchingEngine engine, OrderCommand[] commands, ICommandCompletion completion)
    {
        foreach (ref readonly var c in commands.AsSpan())
        {
            engine.Submit(EngineCommand.ForOrder(1, in c), completion);
        }
    }

    public static void WaitFor(CountingCompletion completion, long count)
    {
        var spin = default(SpinWait);
        while (completion.Completed < count)
        {
            spin.SpinOnce();
        }
    }
}
