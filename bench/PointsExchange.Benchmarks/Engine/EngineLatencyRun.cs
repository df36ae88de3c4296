using System.Diagnostics;
using HdrHistogram;
using PointsExchange.Engine;
using PointsExchange.Testing;

namespace PointsExchange.Benchmarks.Engine;

/// <summary>
/// Latency from ingress to completion through the four stages, with HdrHistogram, at fixed rates and
/// flat out. This is the engine's own latency: it counts from the moment ingress stamps the command,
/// so it leaves out the producer's pacing error. End-to-end latency corrected for coordinated omission
/// is the load generator's job (bench/PointsExchange.LoadTest).
/// </summary>
/// <remarks><c>dotnet run -c Release --project bench/PointsExchange.Benchmarks -- engine-latency [--sleeping-producer]</c></remarks>
internal static class EngineLatencyRun
{
    private const int Commands = 1_200_000;

    /// <param name="sleepingProducer">
    /// False: between sends the producer yields (commands go out one by one near their time, but the
    /// producer stays runnable and competes with the stage threads for the 2 cores). True: it sleeps 1 ms
    /// (no competition, but commands then arrive in 1 ms bursts and wait behind each other).
    /// </param>
    public static void Run(bool sleepingProducer)
    {
        var mix = Workloads.ExchangeCoreMix(Commands);
        Console.WriteLine($"workload {mix.Name}: {mix.Stats}; producer {(sleepingProducer ? "sleeps 1 ms" : "yields")} between sends");
        Console.WriteLine($"{"threads",-10} {"wait",-9} {"target/s",10} {"achieved/s",12} {"p50 us",9} {"p99 us",9} {"p99.9 us",9} {"max us",9}");
        foreach (var threadPerStage in new[] { false, true })
        {
            foreach (var wait in new[] { "blocking", "yielding" })
            {
                foreach (var rate in new long[] { 100_000, 500_000, 1_000_000, 0 })
                {
                    Measure(mix, threadPerStage, wait, rate, sleepingProducer);
                }
            }
        }
    }

    private static void Measure(Workload mix, bool threadPerStage, string wait, long rate, bool sleepingProducer)
    {
        var ports = new NullPorts();
        var engine = new MatchingEngine(EngineRuns.Options(wait, threadPerStage), ports, ports);
        engine.AddPair(1, mix.Spec, mix.NewBook());
        var histogram = new LongHistogram(TimeSpan.FromSeconds(30).Ticks * (Stopwatch.Frequency / TimeSpan.TicksPerSecond), 3);
        var completion = new CountingCompletion(histogram);
        engine.Start();

        // Warm-up: the first fifth flat out and unrecorded, so tiered JIT and first-touch page faults stay out of the figures.
        var commands = mix.Commands;
        var warmUp = commands.Length / 5;
        for (var w = 0; w < warmUp; w++)
        {
            engine.Submit(EngineCommand.ForOrder(1, in commands[w]), completion);
        }

        EngineRuns.WaitFor(completion, warmUp);
        histogram.Reset();

        var start = Stopwatch.GetTimestamp();
        var ticksPerCommand = rate > 0 ? Stopwatch.Frequency / (double)rate : 0;
        var i = warmUp;
        while (i < commands.Length)
        {
            // Send whatever is due, then wait until more is.
            var due = rate > 0 ? Math.Min(commands.Length, warmUp + (int)((Stopwatch.GetTimestamp() - start) / ticksPerCommand) + 1) : commands.Length;
            for (; i < due; i++)
            {
                engine.Submit(EngineCommand.ForOrder(1, in commands[i]), completion);
            }

            if (i < commands.Length)
            {
                if (sleepingProducer)
                {
                    Thread.Sleep(1);
                }
                else
                {
                    Thread.Yield();
                }
            }
        }

        EngineRuns.WaitFor(completion, commands.Length);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        engine.Stop(TimeSpan.FromSeconds(30));
        double perMicro = Stopwatch.Frequency / 1e6;
        Console.WriteLine($"{(threadPerStage ? "4/stage" : "2/grouped"),-10} {wait,-9} {(rate == 0 ? "max" : rate.ToString("N0")),10} " +
            $"{(commands.Length - warmUp) / seconds,12:N0} {histogram.GetValueAtPercentile(50) / perMicro,9:N1} " +
            $"{histogram.GetValueAtPercentile(99) / perMicro,9:N1} {histogram.GetValueAtPercentile(99.9) / perMicro,9:N1} " +
            $"{histogram.GetMaxValue() / perMicro,9:N1}");
    }
}
