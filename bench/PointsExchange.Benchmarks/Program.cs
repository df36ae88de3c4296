using BenchmarkDotNet.Running;

namespace PointsExchange.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/PointsExchange.Benchmarks -- --filter '*'</c>.
/// Without <c>-c Release</c> BenchmarkDotNet refuses to measure and still exits 0, so read its output.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
