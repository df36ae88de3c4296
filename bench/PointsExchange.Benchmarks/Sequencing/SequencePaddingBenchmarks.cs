using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using PointsExchange.Sequencing;

namespace PointsExchange.Benchmarks.Sequencing;

/// <summary>
/// What the padding of <see cref="Sequence"/> buys: two threads each advance their own counter
/// (load, add, release store, like a cursor or a consumer sequence) as fast as they can.
/// </summary>
/// <remarks>
/// <code>
///   benchmark thread: A = A + 1, Writes times   |  helper thread: B = B + 1, Writes times
///   Unpadded: A and B are adjacent longs in one 64-byte line (checked by address) -> the line ping-pongs
///   Padded:   A and B are two Sequence objects   -> each thread keeps its own line
/// </code>
/// Reported per write of one thread (OperationsPerInvoke = Writes; both threads write at the same time).
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SequencePaddingBenchmarks
{
    private const int Writes = 1 << 24;

    private readonly SemaphoreSlim _go = new(0);
    private readonly ManualResetEventSlim _helperDone = new();
    private long[] _line = [];
    private int _unpaddedIndex;
    private Sequence _paddedA = new();
    private Sequence _paddedB = new();
    private Thread? _helper;

    // Written by the benchmark thread before releasing _go, read by the helper after acquiring it.
    private bool _padded;
    private bool _stop;

    [GlobalSetup]
    public void Setup()
    {
        // A pinned array lets us find two adjacent longs that are certainly in the same cache line.
        _line = GC.AllocateArray<long>(32, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(_line, 0).ToInt64();
        _unpaddedIndex = (int)((64 - (address % 64)) % 64 / sizeof(long));
        _paddedA = new Sequence(0);
        _paddedB = new Sequence(0);
        _helper = new Thread(HelperLoop) { IsBackground = true, Name = "padding-helper" };
        _helper.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _go.Release();
        _helper?.Join();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Writes)]
    public long Unpadded_same_cache_line()
    {
        Start(padded: false);
        long last = AdvanceUnpadded(_unpaddedIndex);
        _helperDone.Wait();
        return last;
    }

    [Benchmark(OperationsPerInvoke = Writes)]
    public long Padded_sequences()
    {
        Start(padded: true);
        long last = AdvancePadded(_paddedA);
        _helperDone.Wait();
        return last;
    }

    private void Start(bool padded)
    {
        _padded = padded;
        _helperDone.Reset();
        _go.Release();
    }

    private void HelperLoop()
    {
        while (true)
        {
            _go.Wait();
            if (_stop)
            {
                return;
            }

            if (_padded)
            {
                AdvancePadded(_paddedB);
            }
            else
            {
                AdvanceUnpadded(_unpaddedIndex + 1);
            }

            _helperDone.Set();
        }
    }

    private static long AdvancePadded(Sequence counter)
    {
        for (int i = 0; i < Writes; i++)
        {
            counter.Value = counter.Value + 1;
        }

        return counter.Value;
    }

    private long AdvanceUnpadded(int index)
    {
        ref long counter = ref _line[index];
        for (int i = 0; i < Writes; i++)
        {
            Volatile.Write(ref counter, Volatile.Read(ref counter) + 1);
        }

        return Volatile.Read(ref counter);
    }
}
