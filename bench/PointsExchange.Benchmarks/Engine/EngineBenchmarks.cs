using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using PointsExchange.Engine;
using PointsExchange.Testing;

namespace PointsExchange.Benchmarks.Engine;

/// <summary>
/// Commands per second through all four stages of one shard (match, commit, publish, complete) with the
/// matching core and in-process ports that do nothing, on the exchange-core mix. One producer thread
/// submits with the blocking claim; an iteration ends when the last command's caller has been told.
/// </summary>
/// <remarks><c>dotnet run -c Release --project bench/PointsExchange.Benchmarks -- --filter '*EngineBenchmarks*'</c></remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class EngineBenchmarks
{
    private const int Commands = 1_000_000;

    private Workload _mix = null!;
    private MatchingEngine _engine = null!;
    private CountingCompletion _completion = null!;

    [Params("blocking", "yielding")]
    public string Wait { get; set; } = "blocking";

    [Params(false, true)]
    public bool ThreadPerStage { get; set; }

    [GlobalSetup]
    public void Setup() => _mix = Workloads.ExchangeCoreMix(Commands);

    [IterationSetup]
    public void StartEngine()
    {
        var ports = new NullPorts();
        _engine = new MatchingEngine(EngineRuns.Options(Wait, ThreadPerStage), ports, ports);
        _engine.AddPair(1, _mix.Spec, _mix.NewBook());
        _completion = new CountingCompletion(latency: null);
        _engine.Start();
    }

    [IterationCleanup]
    public void StopEngine() => _engine.Stop(TimeSpan.FromSeconds(30));

    [Benchmark(OperationsPerInvoke = Commands)]
    public long ThroughAllFourStages()
    {
        EngineRuns.SubmitAll(_engine, _mix.Commands, _completion);
        EngineRuns.WaitFor(_completion, Commands);
        return _completion.Completed;
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
