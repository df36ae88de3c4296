using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using PointsExchange.Matching;
using PointsExchange.Testing;

namespace PointsExchange.Benchmarks.Matching;

/// <summary>
/// The matching core alone, on seeded workloads (see <see cref="Workloads"/>): exchange-core's
/// published throughput mix, and a deep book of a million resting orders. Each iteration replays the
/// whole stream on a fresh copy of the prefilled book; BenchmarkDotNet reports per command.
/// The reference book runs the first part of the same mix in the same run, for the ratio.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/PointsExchange.Benchmarks -- --filter '*MatchingBenchmarks*'</c>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MatchingBenchmarks
{
    private const int MixCommands = 1_000_000;
    private const int ReferenceCommands = 20_000;
    private const int DeepCommands = 500_000;

    private Workload _mix = null!;
    private Workload _deep = null!;
    private OrderBook _book = null!;
    private ReferenceOrderBook _reference = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mix = Workloads.ExchangeCoreMix(MixCommands);
        _deep = Workloads.DeepBook(DeepCommands);
        Console.WriteLine($"// workload {_mix.Name}: {_mix.Stats}");
        Console.WriteLine($"// workload {_deep.Name}: {_deep.Stats}");
    }

    [IterationSetup(Targets = [nameof(ExchangeCoreMix)])]
    public void FreshMixBook() => _book = _mix.NewBook();

    [IterationSetup(Targets = [nameof(DeepBook)])]
    public void FreshDeepBook() => _book = _deep.NewBook();

    [IterationSetup(Targets = [nameof(ExchangeCoreMixOnReferenceBook)])]
    public void FreshReferenceBook()
    {
        _reference = new ReferenceOrderBook(_mix.Spec);
        foreach (var c in _mix.Prefill)
        {
            _reference.Execute(in c);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MixCommands)]
    [BenchmarkCategory("exchange-core mix")]
    public long ExchangeCoreMix() => Replay(_book, _mix.Commands);

    [Benchmark(OperationsPerInvoke = ReferenceCommands)]
    [BenchmarkCategory("exchange-core mix")]
    public long ExchangeCoreMixOnReferenceBook()
    {
        var events = 0L;
        foreach (var c in _mix.Commands.AsSpan(0, ReferenceCommands))
        {
            events += _reference.Execute(in c).Count;
        }

        return events;
    }

    [Benchmark(OperationsPerInvoke = DeepCommands)]
    [BenchmarkCategory("deep book")]
    public long DeepBook() => Replay(_book, _deep.Commands);

    private static long Replay(OrderBook book, OrderCommand[] commands)
    {
        var sink = new CountingSink();
        foreach (ref readonly var c in commands.AsSpan())
        {
            book.Execute(in c, ref sink);
        }

        return sink.Events + sink.Trades;
    }

    /// <summary>Consumes every event so none of the work can be optimised away; allocates nothing.</summary>
    private struct CountingSink : IMatchEventSink
    {
        public long Events;
        public long Trades;

        public void OnEvent(in MatchEvent e)
        {
            Events++;
            if (e.Kind == MatchEventKind.Trade)
            {
                Trades += e.Quantity;
            }
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15).WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
        }
    }
}
