using BenchmarkDotNet.Running;

namespace PointsExchange.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/PointsExchange.Benchmarks -- --filter '*'</c>,
/// or <c>-- engine-latency</c> for the engine's HdrHistogram latency table.
/// Without <c>-c Release</c> BenchmarkDotNet refuses to measure and still exits 0, so read its output.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["unary", ..])
        {
            Server.UnaryRun.RunAsync(args).GetAwaiter().GetResult();
            return;
        }

        if (args is ["fanout", ..])
        {
            Server.FanoutRun.RunAsync(args).GetAwaiter().GetResult();
            return;
        }

        if (args is ["layers", ..])
        {
            Layers.LayersRun.RunAsync(args).GetAwaiter().GetResult();
            return;
        }

        if (args is ["ledger", ..])
        {
            Ledger.LedgerThroughputRun.RunAsync().GetAwaiter().GetResult();
            return;
        }

        if (args is ["engine-latency", ..])
        {
            Engine.EngineLatencyRun.Run(sleepingProducer: args.Contains("--sleeping-producer"));
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
