namespace PointsExchange.Sequencing.Tests;

/// <summary>Records batch sizes and end-of-batch flags; blocks in the first event until released.</summary>
public sealed class BatchRecordingHandler : IEventHandler<TestEvent>
{
    private readonly List<long> _batchSizes = [];
    private readonly List<long> _endOfBatchSequences = [];
    private int _events;
    private (string?, bool)? _startedOn;
    private int _shutdowns;

    public ManualResetEventSlim Entered { get; } = new();

    public ManualResetEventSlim Release { get; } = new();

    public IReadOnlyList<long> BatchSizes => _batchSizes;

    public IReadOnlyList<long> EndOfBatchSequences => _endOfBatchSequences;

    public int Events => Volatile.Read(ref _events);

    /// <summary>Thread name and IsBackground seen in OnStart.</summary>
    public (string?, bool)? StartedOn => _startedOn;

    public int Shutdowns => Volatile.Read(ref _shutdowns);

    public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
    {
        if (sequence == 0)
        {
            Entered.Set();
            Release.Wait(TestLimits.Hang);
        }

        if (endOfBatch)
        {
            _endOfBatchSequences.Add(sequence);
        }

        Interlocked.Increment(ref _events);
    }

    public void OnBatchStart(long batchSize) => _batchSizes.Add(batchSize);

    public void OnStart() => _startedOn = (Thread.CurrentThread.Name, Thread.CurrentThread.IsBackground);

    public void OnShutdown() => Interlocked.Increment(ref _shutdowns);
}

/// <summary>Throws for chosen sequences and records the ones it handled.</summary>
public sealed class ThrowingHandler(Func<long, bool> throwWhen) : IEventHandler<TestEvent>
{
    private readonly List<long> _handled = [];

    public IReadOnlyList<long> Handled => _handled;

    public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
    {
        if (throwWhen(sequence))
        {
            throw new InvalidOperationException($"handler failed on {sequence}");
        }

        _handled.Add(sequence);
    }
}

/// <summary>Records event exceptions and lets the processor continue.</summary>
public sealed class RecordingExceptionHandler : IExceptionHandler<TestEvent>
{
    private readonly List<long> _sequences = [];
    private readonly List<Exception> _exceptions = [];

    public IReadOnlyList<long> Sequences => _sequences;

    public IReadOnlyList<Exception> Exceptions => _exceptions;

    public void HandleEventException(Exception exception, long sequence, ref TestEvent data)
    {
        _sequences.Add(sequence);
        _exceptions.Add(exception);
    }

    public void HandleOnStartException(Exception exception) => _exceptions.Add(exception);

    public void HandleOnShutdownException(Exception exception) => _exceptions.Add(exception);

    public void HandleOnTimeoutException(Exception exception, long sequence) => _exceptions.Add(exception);
}

/// <summary>An exception handler that gives up: rethrows, which stops the processor.</summary>
public sealed class RethrowingExceptionHandler : IExceptionHandler<TestEvent>
{
    public void HandleEventException(Exception exception, long sequence, ref TestEvent data) =>
        throw new InvalidOperationException($"giving up at {sequence}", exception);

    public void HandleOnStartException(Exception exception) => throw new InvalidOperationException("start", exception);

    public void HandleOnShutdownException(Exception exception) => throw new InvalidOperationException("shutdown", exception);

    public void HandleOnTimeoutException(Exception exception, long sequence) => throw new InvalidOperationException("timeout", exception);
}

/// <summary>Measures what the consumer thread allocates between two sequences.</summary>
public sealed class AllocationMeasuringHandler(long from, long to) : IEventHandler<TestEvent>
{
    private long _start;
    private long _allocated = -1;

    /// <summary>Bytes allocated on the consumer thread from <c>from</c> to <c>to</c>; -1 until measured.</summary>
    public long AllocatedBytes => Volatile.Read(ref _allocated);

    public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
    {
        if (sequence == from)
        {
            _start = GC.GetAllocatedBytesForCurrentThread();
        }
        else if (sequence == to)
        {
            Volatile.Write(ref _allocated, GC.GetAllocatedBytesForCurrentThread() - _start);
        }
    }
}
