using System.Diagnostics;

namespace PointsExchange.LoadTest;

/// <summary>
/// What px-load itself cost during the measured window: its CPU (on a machine it shares with the exchange,
/// taken from the exchange) and its own garbage-collection pauses (a pause holds its sends and its reads
/// alike, so it shows in the latencies it reports as if the exchange had been slow).
/// </summary>
public sealed record GeneratorCost(double CpuMs, double CpuShareOfOneCore, double AllocatedMb, double GcPauseMs, int Gen0Collections, int Gen1Collections,
    int Gen2Collections)
{
    /// <summary>The process's counters at one instant.</summary>
    public readonly record struct Mark(long Timestamp, TimeSpan Cpu, long Allocated, TimeSpan GcPause, int Gen0, int Gen1, int Gen2)
    {
        public static Mark Now()
        {
            using var self = Process.GetCurrentProcess();
            return new Mark(Stopwatch.GetTimestamp(), self.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration(),
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        }
    }

    /// <summary>The cost between two marks; collections of a generation include those of the older ones, as .NET counts them.</summary>
    public static GeneratorCost Between(Mark from, Mark to)
    {
        var wall = (to.Timestamp - from.Timestamp) / (double)Stopwatch.Frequency;
        var cpu = (to.Cpu - from.Cpu).TotalMilliseconds;
        return new GeneratorCost(cpu, wall > 0 ? cpu / 1000 / wall : 0, (to.Allocated - from.Allocated) / 1e6, (to.GcPause - from.GcPause).TotalMilliseconds,
            to.Gen0 - from.Gen0, to.Gen1 - from.Gen1, to.Gen2 - from.Gen2);
    }
}
