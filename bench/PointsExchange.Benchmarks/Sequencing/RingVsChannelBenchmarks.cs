using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PointsExchange.Sequencing;

namespace PointsExchange.Benchmarks.Sequencing;

/// <summary>
/// The ring against bounded <see cref="Channel"/>s carrying the same 32-byte struct, three topologies.
/// Reported per event (OperationsPerInvoke = Events); events/s = 1e9 / (ns per event).
/// </summary>
/// <remarks>
/// <code>
/// 1P1C      ring:    bench thread --> [ring 1024] --> C (thread)
///           channel: bench thread --> [channel 1024, SR/SW] --> consumer loop (thread pool)
/// 2P1C      ring:    P0, P1 (threads) --> [ring 1024, multi] --> C (thread)
///           channel: P0, P1 (pool tasks) --> [channel 1024, SR] --> consumer loop (thread pool)
/// Pipeline3 ring:    bench thread --> [ring 1024] --> S1 --> S2 --> S3 (three threads, same slots)
///           channel: bench thread --> [ch] --> relay S1 --> [ch] --> relay S2 --> [ch] --> S3 (pool loops)
/// </code>
/// Fairness: neither side spins forever. The channel side parks in awaits (its consumers cost no
/// thread while idle and wake through the thread pool); the ring side is run with Blocking (spin a few
/// microseconds, then sleep on a monitor: the comparable behaviour) and with Yielding (spin then
/// Thread.Yield: lower latency, but it burns an idle core). Producers that find the ring full spin then
/// yield; channel producers that find the channel full await. Both sides wait for the end of an
/// invocation the same way (<see cref="CompletionCounter"/>). The machine has 2 cores, so the 2P1C and
/// pipeline runs have more busy threads than cores on both sides.
/// <para>
/// Measured (4 runs, 2-core AMD EPYC 2.10GHz VM, .NET 10.0.12; events/s = 1e9 / mean ns): 0 B allocated per
/// event on both sides. The VM runs in two regimes from one run to the next (the two vCPUs seemingly close
/// together or far apart): in the slow one a cache line written by one core and read by the other costs
/// about 100 ns, and the 1P1C ring is bound by that (32-byte slots: half a line per event; with a consumer
/// that ignores the slots the same loop ran at 10 ns). Ring / channel throughput:
/// 1P1C 2.97x-7.75x Blocking, 3.57x-7.26x Yielding (slow regime: 12.6-15.6 vs 3.3-4.6 M events/s; fast
/// regime: 97.4 vs 12.6 M/s); Pipeline3 7.60x-20.81x Blocking, 6.33x-14.48x Yielding; 2P1C with one claim
/// per event only 1.14x-1.49x in the slow regime (4.8x in the fast one): the two producers write alternate
/// slots, so the lines ping-pong between them; claiming 16 slots at a time gives 7.85x-12.70x.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RingVsChannelBenchmarks
{
    public const int Events = 1 << 20;
    private const int Capacity = 1024;

    private readonly CompletionCounter _counter = new();
    private RingBuffer<BenchEvent>? _ring;
    private RingWiring<BenchEvent>? _wiring;
    private RingProducerPool? _ringProducers;
    private ChannelWriter<BenchEvent>? _writer;
    private Task[] _channelLoops = [];

    [GlobalSetup(Targets = [nameof(Ring_1P1C_Blocking)])]
    public void SetupRing1P1CBlocking() => SetupRing(ProducerType.Single, new BlockingWaitStrategy(), pipeline: false);

    [GlobalSetup(Targets = [nameof(Ring_1P1C_Yielding)])]
    public void SetupRing1P1CYielding() => SetupRing(ProducerType.Single, new YieldingWaitStrategy(), pipeline: false);

    [GlobalSetup(Targets = [nameof(Ring_2P1C_Blocking)])]
    public void SetupRing2P1CBlocking() => SetupRing(ProducerType.Multi, new BlockingWaitStrategy(), pipeline: false, producers: 2);

    [GlobalSetup(Targets = [nameof(Ring_2P1C_Yielding)])]
    public void SetupRing2P1CYielding() => SetupRing(ProducerType.Multi, new YieldingWaitStrategy(), pipeline: false, producers: 2);

    [GlobalSetup(Targets = [nameof(Ring_2P1C_Blocking_Claim16)])]
    public void SetupRing2P1CClaim16() => SetupRing(ProducerType.Multi, new BlockingWaitStrategy(), pipeline: false, producers: 2, claimBatch: 16);

    [GlobalSetup(Targets = [nameof(Ring_Pipeline3_Blocking)])]
    public void SetupRingPipelineBlocking() => SetupRing(ProducerType.Single, new BlockingWaitStrategy(), pipeline: true);

    [GlobalSetup(Targets = [nameof(Ring_Pipeline3_Yielding)])]
    public void SetupRingPipelineYielding() => SetupRing(ProducerType.Single, new YieldingWaitStrategy(), pipeline: true);

    [GlobalSetup(Targets = [nameof(Channel_1P1C)])]
    public void SetupChannel1P1C() => SetupChannels(singleWriter: true, pipeline: false);

    [GlobalSetup(Targets = [nameof(Channel_2P1C)])]
    public void SetupChannel2P1C() => SetupChannels(singleWriter: false, pipeline: false);

    [GlobalSetup(Targets = [nameof(Channel_Pipeline3)])]
    public void SetupChannelPipeline() => SetupChannels(singleWriter: true, pipeline: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        _ringProducers?.Stop();
        _wiring?.Halt(TimeSpan.FromSeconds(30));
        _writer?.Complete();
        Task.WaitAll(_channelLoops, TimeSpan.FromSeconds(30));
    }

    [BenchmarkCategory("1P1C")]
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long Channel_1P1C()
    {
        _counter.Arm(Events);
        ChannelStages.ProduceAsync(_writer!, Events, 0).GetAwaiter().GetResult();
        _counter.Wait();
        return _counter.Checksum;
    }

    [BenchmarkCategory("1P1C")]
    [Benchmark(OperationsPerInvoke = Events)]
    public long Ring_1P1C_Blocking() => RunRingOnBenchmarkThread();

    [BenchmarkCategory("1P1C")]
    [Benchmark(OperationsPerInvoke = Events)]
    public long Ring_1P1C_Yielding() => RunRingOnBenchmarkThread();

    [BenchmarkCategory("2P1C")]
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long Channel_2P1C()
    {
        _counter.Arm(Events);
        var writer = _writer!;
        var first = Task.Run(() => ChannelStages.ProduceAsync(writer, Events / 2, 0));
        var second = Task.Run(() => ChannelStages.ProduceAsync(writer, Events / 2, 1));
        Task.WaitAll(first, second);
        _counter.Wait();
        return _counter.Checksum;
    }

    [BenchmarkCategory("2P1C")]
    [Benchmark(OperationsPerInvoke = Events)]
    public long Ring_2P1C_Blocking() => RunRingWithProducerPool();

    [BenchmarkCategory("2P1C")]
    [Benchmark(OperationsPerInvoke = Events)]
    public long Ring_2P1C_Yielding() => RunRingWithProducerPool();

    /// <summary>Not like for like (a channel has no batch write): what claiming 16 slots at a time buys.</summary>
    [BenchmarkCategory("2P1C")]
    [Benchmark(OperationsPerInvoke = Events)]
    public long Ring_2P1C_Blocking_Claim16() => RunRingWithProducerPool();

    [BenchmarkCategory("Pipeline3")]
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long Channel_Pipeline3() => Channel_1P1C();

    [BenchmarkCategory("Pipeline3")]
    [Benchmark(OperationsPerInvoke = Events)]
    public long Ring_Pipeline3_Blocking() => RunRingOnBenchmarkThread();

    [BenchmarkCategory("Pipeline3")]
    [Benchmark(OperationsPerInvoke = Events)]
    public long Ring_Pipeline3_Yielding() => RunRingOnBenchmarkThread();

    private long RunRingOnBenchmarkThread()
    {
        _counter.Arm(Events);
        RingProducerPool.Publish(_ring!, Events, 0);
        _counter.Wait();
        return _counter.Checksum;
    }

    private long RunRingWithProducerPool()
    {
        _counter.Arm(Events);
        _ringProducers!.Release(Events / 2);
        _counter.Wait();
        return _counter.Checksum;
    }

    private void SetupRing(ProducerType type, IWaitStrategy waitStrategy, bool pipeline, int producers = 1, int claimBatch = 1)
    {
        _ring = RingBuffer<BenchEvent>.Create(type, Capacity, waitStrategy);
        _wiring = new RingWiring<BenchEvent>(_ring, "bench");
        var last = new CountingHandler(_counter);
        if (pipeline)
        {
            _wiring.HandleEventsWith(new FirstStageHandler()).Then(new SecondStageHandler()).Then(last);
        }
        else
        {
            _wiring.HandleEventsWith(last);
        }

        _wiring.Start();
        if (producers > 1)
        {
            _ringProducers = new RingProducerPool(_ring, producers, claimBatch);
        }
    }

    private void SetupChannels(bool singleWriter, bool pipeline)
    {
        var head = ChannelStages.Create(Capacity, singleWriter);
        _writer = head.Writer;
        if (!pipeline)
        {
            _channelLoops = [Task.Run(() => ChannelStages.ConsumeAsync(head.Reader, _counter))];
            return;
        }

        var middle = ChannelStages.Create(Capacity, singleWriter: true);
        var tail = ChannelStages.Create(Capacity, singleWriter: true);
        _channelLoops =
        [
            Task.Run(() => ChannelStages.RelayAsync(head.Reader, middle.Writer, firstStage: true)),
            Task.Run(() => ChannelStages.RelayAsync(middle.Reader, tail.Writer, firstStage: false)),
            Task.Run(() => ChannelStages.ConsumeAsync(tail.Reader, _counter)),
        ];
    }
}
