namespace PointsExchange.Benchmarks.Sequencing;

/// <summary>A 32-byte event, the same type on both sides of <see cref="RingVsChannelBenchmarks"/>.</summary>
public struct BenchEvent
{
    public long Value;
    public long ProducerId;

    /// <summary>Written by the first pipeline stage.</summary>
    public long StageOne;

    /// <summary>Written by the second pipeline stage.</summary>
    public long StageTwo;
}
