namespace PointsExchange.Sequencing;

/// <summary>
/// The sleep/wake handshake shared by the blocking strategies: a monitor that waiters sleep on and a
/// waiter count that lets signallers skip the monitor when nobody sleeps.
/// </summary>
/// <remarks>
/// <para>
/// The handshake is a Dekker pattern (signaller: store sequence, load waiter count; waiter: store waiter
/// count, load sequence), so release/acquire alone could lose a wake-up: each side's load may pass its own
/// store. A full fence on both sides fixes that but costs the signaller a locked instruction per publish
/// (measured here: 5.88 ns for a store plus <see cref="Interlocked.MemoryBarrier"/>, against 3.8 ns for a
/// whole claim, fill and publish by the single producer). So the fence is asymmetric: the waiter, which is about to sleep anyway, issues
/// <see cref="Interlocked.MemoryBarrierProcessWide"/> (3.3 us here), which drains every other core's store
/// buffer; the signaller's path is a plain store and a plain load.
/// </para>
/// <para>
/// Why no wake-up is lost: the waiter increments <c>_waiters</c> (Interlocked, visible to all once it
/// returns), runs the process-wide barrier, then reads the sequence. If the signaller's sequence store
/// was issued before the barrier, the barrier made it visible and the waiter reads it and does not sleep.
/// If it was issued after, the signaller's following load of <c>_waiters</c> comes after the increment
/// was visible, so it sees a waiter and takes the monitor, which it only gets once the waiter sleeps in
/// <see cref="Monitor.Wait(object)"/> (that releases the monitor atomically) or has left. The JIT does
/// not reorder volatile accesses with each other, so only the CPU's store buffer was in play.
/// </para>
/// </remarks>
internal sealed class WaiterGate
{
    // Monitor.Wait needs a plain object; System.Threading.Lock has no condition variable.
    private readonly object _monitor = new();

    // Number of threads inside the monitored wait. Writers: waiters, Interlocked. Reader: every
    // signaller, Volatile.Read right after its release store of the sequence (see the remarks). Padded:
    // producers read it on every publish, so it must not share a line with anything written per event.
    private PaddedLong _waiters;

    /// <summary>Blocks until the dependents reach <paramref name="sequence"/>, an alert, or the deadline.</summary>
    /// <param name="deadline"><see cref="Environment.TickCount64"/> to give up at, or <see cref="long.MaxValue"/> for never.</param>
    public long Wait(long sequence, SequenceBarrier barrier, long deadline)
    {
        lock (_monitor)
        {
            Interlocked.Increment(ref _waiters.Value);
            Interlocked.MemoryBarrierProcessWide();
            try
            {
                long available;
                while ((available = barrier.GetDependentMinimum()) < sequence && !barrier.IsAlerted)
                {
                    if (deadline == long.MaxValue)
                    {
                        Monitor.Wait(_monitor);
                        continue;
                    }

                    long remaining = deadline - Environment.TickCount64;
                    if (remaining <= 0)
                    {
                        break;
                    }

                    Monitor.Wait(_monitor, (int)Math.Min(remaining, int.MaxValue));
                }

                return available;
            }
            finally
            {
                Interlocked.Decrement(ref _waiters.Value);
            }
        }
    }

    /// <summary>Wakes every sleeping waiter; one plain load when there is none.</summary>
    public void SignalAll()
    {
        if (Volatile.Read(ref _waiters.Value) != 0)
        {
            lock (_monitor)
            {
                Monitor.PulseAll(_monitor);
            }
        }
    }

    /// <summary>
    /// Spins, then yields, for <paramref name="spinIterations"/> rounds before the caller blocks: under load
    /// the next publish lands in that window and neither side pays a sleep and a wake-up system call.
    /// </summary>
    public static long SpinBeforeBlocking(long sequence, SequenceBarrier barrier, int spinIterations)
    {
        var spinner = default(SpinWait);
        long available;
        while ((available = barrier.GetDependentMinimum()) < sequence && !barrier.IsAlerted && spinner.Count < spinIterations)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return available;
    }
}
