using System.Runtime.CompilerServices;

namespace PointsExchange.Sequencing;

/// <summary>
/// Runs one consumer on one dedicated background thread: wait on the barrier, hand every available
/// slot to the handler as one batch, then advance this consumer's <see cref="Sequence"/> once.
/// </summary>
/// <remarks>
/// Producers (when this consumer gates them) and downstream consumers see its progress once per batch,
/// which is what makes batching cheap: one release store and one signal per batch, not per event.
/// Halting takes effect between batches. A processor can be started again after it halted; it resumes
/// after the last slot it processed, so nothing published is skipped.
/// </remarks>
public sealed class BatchEventProcessor<T>
    where T : struct
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int Halting = 2;

    // Written once in the constructor; read by the processor thread and by whoever starts or halts it.
    private readonly RingBuffer<T> _ring;
    private readonly SequenceBarrier _barrier;
    private readonly IEventHandler<T> _handler;
    private readonly IExceptionHandler<T> _exceptionHandler;
    private readonly IWaitStrategy _waitStrategy;

    // This consumer's progress: the last slot it has finished with. Writer: the processor thread, release
    // store once per batch. Readers: producers (gating) and downstream barriers, acquire loads.
    private readonly Sequence _sequence = new();

    // Idle/Running/Halting. Writers: Start (CAS from Idle), Halt (CAS from Running), the processor thread
    // when it ends (release store of Idle). Readers: any thread, acquire load.
    private int _state;

    // Written by Start before the thread starts, read by Join: Volatile so Join sees the new thread.
    private Thread? _thread;

    // What escaped the exception handler and stopped the processor. Writer: the processor thread (release).
    // Readers: any thread (acquire).
    private Exception? _fault;

    public BatchEventProcessor(RingBuffer<T> ring, SequenceBarrier barrier, IEventHandler<T> handler, IExceptionHandler<T>? exceptionHandler = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(barrier);
        ArgumentNullException.ThrowIfNull(handler);
        _ring = ring;
        _barrier = barrier;
        _handler = handler;
        _exceptionHandler = exceptionHandler ?? new LogAndContinueExceptionHandler<T>();
        _waitStrategy = ring.Sequencer.WaitStrategy;
    }

    /// <summary>The last sequence this consumer has processed: gate producers or other consumers on it.</summary>
    public Sequence Sequence => _sequence;

    /// <summary>The handler this processor drives.</summary>
    public IEventHandler<T> Handler => _handler;

    /// <summary>The barrier this processor waits on.</summary>
    public SequenceBarrier Barrier => _barrier;

    /// <summary>True from <see cref="Start"/> until the thread has ended.</summary>
    public bool IsRunning => Volatile.Read(ref _state) != Idle;

    /// <summary>The exception that escaped the exception handler and stopped the processor, if any.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Starts the consumer loop on a new background thread named <paramref name="threadName"/>.</summary>
    public void Start(string threadName)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Idle) != Idle)
        {
            ThrowHelper.AlreadyRunning(threadName);
        }

        _barrier.ClearAlert();
        Volatile.Write(ref _fault, null);
        var thread = new Thread(Run) { IsBackground = true, Name = threadName };
        Volatile.Write(ref _thread, thread);
        thread.Start();
    }

    /// <summary>Asks the thread to stop after its current batch (alerts the barrier). Returns at once.</summary>
    public void Halt()
    {
        if (Interlocked.CompareExchange(ref _state, Halting, Running) != Idle)
        {
            _barrier.Alert();
        }
    }

    /// <summary>Waits for the thread to end; true if it has (or never started).</summary>
    public bool Join(TimeSpan timeout)
    {
        var thread = Volatile.Read(ref _thread);
        return thread is null || thread.Join(timeout);
    }

    private void Run()
    {
        try
        {
            NotifyStart();
            ProcessEvents();
        }
        catch (Exception exception)
        {
            // Only the exception handler itself can land here: it asked to stop by throwing.
            Volatile.Write(ref _fault, exception);
        }
        finally
        {
            NotifyShutdown();
            Volatile.Write(ref _state, Idle);
        }
    }

    private void ProcessEvents()
    {
        var ring = _ring;
        var handler = _handler;
        var barrier = _barrier;
        long next = _sequence.Value + 1;
        while (true)
        {
            long available = barrier.WaitFor(next);
            if (available < next)
            {
                if (barrier.IsAlerted)
                {
                    return;
                }

                NotifyTimeout(next - 1);
                continue;
            }

            NotifyBatchStart(available - next + 1, next);
            try
            {
                // The per-event path: a bounds-checked ref into the slot array and one interface call.
                // No volatile access here; the barrier's acquire load already covers the whole batch.
                while (next <= available)
                {
                    handler.OnEvent(ref ring[next], next, next == available);
                    next++;
                }
            }
            catch (Exception exception)
            {
                // Publish the progress before the failed slot first: if the exception handler gives up
                // (throws), the sequence still tells the truth and a restart does not replay those slots.
                _sequence.Value = next - 1;
                _exceptionHandler.HandleEventException(exception, next, ref ring[next]);
                next++;
            }

            // Release store: our reads and writes of every slot up to next - 1 happen before anyone who
            // acquires this value reuses (producer) or reads (downstream consumer) those slots.
            _sequence.Value = next - 1;

            // Wakes downstream consumers (and anyone else) asleep in a blocking strategy; one load when none is.
            _waitStrategy.SignalAllWhenBlocking();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NotifyBatchStart(long batchSize, long firstSequence)
    {
        try
        {
            _handler.OnBatchStart(batchSize);
        }
        catch (Exception exception)
        {
            _exceptionHandler.HandleEventException(exception, firstSequence, ref _ring[firstSequence]);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NotifyTimeout(long sequence)
    {
        try
        {
            _handler.OnTimeout(sequence);
        }
        catch (Exception exception)
        {
            _exceptionHandler.HandleOnTimeoutException(exception, sequence);
        }
    }

    private void NotifyStart()
    {
        try
        {
            _handler.OnStart();
        }
        catch (Exception exception)
        {
            _exceptionHandler.HandleOnStartException(exception);
        }
    }

    private void NotifyShutdown()
    {
        try
        {
            _handler.OnShutdown();
        }
        catch (Exception exception)
        {
            // A throwing shutdown hook of a throwing exception handler: record it, keep the thread alive
            // long enough to mark itself idle.
            try
            {
                _exceptionHandler.HandleOnShutdownException(exception);
            }
            catch (Exception handlerException)
            {
                Volatile.Write(ref _fault, handlerException);
            }
        }
    }
}
