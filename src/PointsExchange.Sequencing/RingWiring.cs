namespace PointsExchange.Sequencing;

/// <summary>
/// Wires consumers onto a ring, keeps the producers gated on the final consumers, and runs the
/// lifecycle: <see cref="Start"/>, <see cref="Drain"/> (finish what was published, then stop) and
/// <see cref="Halt"/> (stop now).
/// </summary>
/// <remarks>
/// <para>Thread topologies (P = producer thread(s), C = one <see cref="BatchEventProcessor{T}"/> thread each;
/// the producers are gated on the consumers marked *):</para>
/// <code>
/// single consumer:   wiring.HandleEventsWith(c1)
///
///     P --> [ring] --> C1*
///
/// pipeline:          wiring.HandleEventsWith(c1).Then(c2).Then(c3)
///
///     P --> [ring] --> C1 --> C2 --> C3*        (C2 waits on C1's sequence, C3 on C2's)
///
/// diamond:           wiring.HandleEventsWith(c1, c2).Then(c3)
///
///                  +--> C1 --+
///     P --> [ring] +         +--> C3*           (C1 and C2 in parallel; C3 waits on min(C1, C2))
///                  +--> C2 --+
/// </code>
/// <para>All consumers read and write the same slots in place; a consumer's writes to a slot are visible
/// to the consumers after it (release store of its sequence, acquire load in their barrier).</para>
/// </remarks>
public sealed class RingWiring<T>
    where T : struct
{
    private readonly RingBuffer<T> _ring;
    private readonly string _name;
    private readonly IExceptionHandler<T> _exceptionHandler;

    // Lifecycle and wiring state: touched only under _lifecycle by the threads that wire, start, drain
    // and halt (never on the event path), so plain fields.
    private readonly Lock _lifecycle = new();
    private readonly List<BatchEventProcessor<T>> _processors = [];
    private readonly List<BatchEventProcessor<T>> _finalProcessors = [];
    private bool _started;

    /// <param name="ring">The ring to consume.</param>
    /// <param name="name">Prefix of the consumer thread names.</param>
    /// <param name="exceptionHandler">Receives handler exceptions; <see cref="LogAndContinueExceptionHandler{T}"/> when null.</param>
    public RingWiring(RingBuffer<T> ring, string name = "ring", IExceptionHandler<T>? exceptionHandler = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _ring = ring;
        _name = name;
        _exceptionHandler = exceptionHandler ?? new LogAndContinueExceptionHandler<T>();
    }

    /// <summary>The ring producers publish to.</summary>
    public RingBuffer<T> RingBuffer => _ring;

    /// <summary>Every consumer, in the order wired.</summary>
    public IReadOnlyList<BatchEventProcessor<T>> Processors
    {
        get
        {
            lock (_lifecycle)
            {
                return [.. _processors];
            }
        }
    }

    /// <summary>Adds one consumer per handler, each following the producers directly.</summary>
    public ConsumerGroup<T> HandleEventsWith(params IEventHandler<T>[] handlers) => AddConsumers(null, handlers);

    /// <summary>
    /// Starts one thread per consumer that is not running: all of them the first time, the halted ones after
    /// <see cref="Halt"/> or <see cref="Drain"/> (they resume after the last slot they processed). Producers
    /// may publish before the first start; they wait when the ring is full.
    /// </summary>
    public void Start()
    {
        lock (_lifecycle)
        {
            _started = true;
            StartIdleProcessors();
        }
    }

    /// <summary>
    /// Processes everything published before the call, then halts. Restarts consumers first if they were
    /// halted (they resume where they stopped, so a drain after a halt loses nothing). With several
    /// producers, "published" means the contiguous run of published slots: stop the producers first.
    /// </summary>
    /// <returns>False if the consumers did not catch up (or one faulted) within <paramref name="timeout"/>; they keep running then.</returns>
    public bool Drain(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_lifecycle)
        {
            _started = true;
            StartIdleProcessors();
            var finals = _finalProcessors.ConvertAll(p => p.Sequence).ToArray();
            var sequencer = _ring.Sequencer;
            long cursor = sequencer.Cursor.Value;
            long target = sequencer.GetHighestPublishedSequence(Sequencer.GetMinimumSequence(finals, cursor) + 1, cursor);
            var spinner = default(SpinWait);
            while (Sequencer.GetMinimumSequence(finals, long.MaxValue) < target)
            {
                if (Environment.TickCount64 > deadline || _processors.Exists(p => p.Fault is not null))
                {
                    return false;
                }

                spinner.SpinOnce();
            }

            return HaltAndJoin(deadline);
        }
    }

    /// <summary>Stops every consumer after its current batch and waits for the threads to end.</summary>
    /// <returns>False if a thread did not end within <paramref name="timeout"/>.</returns>
    public bool Halt(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_lifecycle)
        {
            return HaltAndJoin(deadline);
        }
    }

    internal ConsumerGroup<T> AddConsumers(ConsumerGroup<T>? upstream, IEventHandler<T>[] handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        lock (_lifecycle)
        {
            if (_started)
            {
                ThrowHelper.AlreadyStarted();
            }

            var dependents = upstream?.Sequences ?? [];
            var added = Array.ConvertAll(
                handlers,
                h => new BatchEventProcessor<T>(_ring, _ring.NewBarrier(dependents), h, _exceptionHandler));
            _processors.AddRange(added);

            // Gate on the new consumers before releasing the upstream ones, so that the producers are
            // never ungated. Upstream consumers stop gating: the new ones cannot pass them anyway.
            _ring.AddGatingSequences(Array.ConvertAll(added, p => p.Sequence));
            _finalProcessors.AddRange(added);
            foreach (var previous in upstream?.Processors ?? [])
            {
                if (_finalProcessors.Remove(previous))
                {
                    _ring.RemoveGatingSequence(previous.Sequence);
                }
            }

            return new ConsumerGroup<T>(this, added);
        }
    }

    private void StartIdleProcessors()
    {
        for (int i = 0; i < _processors.Count; i++)
        {
            var processor = _processors[i];
            if (!processor.IsRunning)
            {
                processor.Start($"{_name}-{i}-{processor.Handler.GetType().Name}");
            }
        }
    }

    private bool HaltAndJoin(long deadline)
    {
        foreach (var processor in _processors)
        {
            processor.Halt();
        }

        bool allEnded = true;
        foreach (var processor in _processors)
        {
            long remaining = Math.Max(0, deadline - Environment.TickCount64);
            allEnded &= processor.Join(TimeSpan.FromMilliseconds(remaining));
        }

        return allEnded;
    }
}
