using PointsExchange.Sequencing;

namespace PointsExchange.Benchmarks.Sequencing;

/// <summary>
/// The per-event work of each stage, shared by the ring handlers and the channel relays so both sides do
/// exactly the same arithmetic.
/// </summary>
public static class BenchStages
{
    public static void First(ref BenchEvent e) => e.StageOne = e.Value + 1;

    public static void Second(ref BenchEvent e) => e.StageTwo = e.StageOne * 3;
}

/// <summary>Ring stage 1 of the pipeline.</summary>
public sealed class FirstStageHandler : IEventHandler<BenchEvent>
{
    public void OnEvent(ref BenchEvent data, long sequence, bool endOfBatch) => BenchStages.First(ref data);
}

/// <summary>Ring stage 2 of the pipeline.</summary>
public sealed class SecondStageHandler : IEventHandler<BenchEvent>
{
    public void OnEvent(ref BenchEvent data, long sequence, bool endOfBatch) => BenchStages.Second(ref data);
}

/// <summary>The last ring consumer: folds every event into a checksum and counts them down to the end of the invocation.</summary>
public sealed class CountingHandler : IEventHandler<BenchEvent>
{
    private readonly CompletionCounter _counter;

    public CountingHandler(CompletionCounter counter) => _counter = counter;

    public void OnEvent(ref BenchEvent data, long sequence, bool endOfBatch) => _counter.Add(data.Value + data.StageTwo);
}
