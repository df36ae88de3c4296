using System.Runtime.CompilerServices;

namespace PointsExchange.Sequencing;

/// <summary>
/// What a consumer waits on: the producers' cursor, or the sequences of the consumers it depends on
/// (so a consumer can run after other consumers), plus an alert flag that stops the wait for a halt.
/// </summary>
public sealed class SequenceBarrier
{
    // Written once in the constructor, read by the consumer thread that owns the barrier.
    private readonly Sequencer _sequencer;
    private readonly IWaitStrategy _waitStrategy;
    private readonly Sequence _cursor;
    private readonly Sequence[] _dependents;

    // True when the waiter follows multi producers directly: the cursor then counts claims, not
    // publications, and the availability buffer must be scanned. Behind other consumers no scan is
    // needed: a consumer sequence only ever passes published slots.
    private readonly bool _scanAvailability;

    // Writer: whoever halts (Alert) or restarts (ClearAlert) the consumer, with a release store, then a
    // signal so a sleeping waiter wakes and sees it. Reader: the waiting consumer, acquire load in every
    // wait loop. Not on the per-event path: read once per wait.
    private volatile bool _alerted;

    internal SequenceBarrier(Sequencer sequencer, Sequence[] dependents)
    {
        ArgumentNullException.ThrowIfNull(dependents);
        _sequencer = sequencer;
        _waitStrategy = sequencer.WaitStrategy;
        _cursor = sequencer.Cursor;
        _dependents = [.. dependents];
        _scanAvailability = _dependents.Length == 0 && sequencer is MultiProducerSequencer;
    }

    /// <summary>True once <see cref="Alert"/> was called and until <see cref="ClearAlert"/>.</summary>
    public bool IsAlerted => _alerted;

    /// <summary>
    /// Waits until <paramref name="sequence"/> is available and returns the highest sequence that can be
    /// read now (at least <paramref name="sequence"/>; with multi producers, the end of the contiguous
    /// published run). Returns a value below <paramref name="sequence"/> when the barrier is alerted
    /// (check <see cref="IsAlerted"/>) or when a timing-out wait strategy gave up.
    /// </summary>
    public long WaitFor(long sequence)
    {
        if (_alerted)
        {
            return sequence - 1;
        }

        long available = _waitStrategy.WaitFor(sequence, this);
        if (available < sequence || !_scanAvailability)
        {
            return available;
        }

        long highest = _sequencer.GetHighestPublishedSequence(sequence, available);
        return highest >= sequence ? highest : WaitForPublication(sequence, available);
    }

    /// <summary>
    /// The value the consumer may advance to as far as its producers or upstream consumers allow: the
    /// lowest dependent sequence, or the cursor when there are no dependents (acquire loads).
    /// </summary>
    public long GetDependentMinimum()
    {
        var dependents = _dependents;
        if (dependents.Length == 0)
        {
            return _cursor.Value;
        }

        long minimum = dependents[0].Value;
        for (int i = 1; i < dependents.Length; i++)
        {
            minimum = Math.Min(minimum, dependents[i].Value);
        }

        return minimum;
    }

    /// <summary>Stops the current and every later wait until <see cref="ClearAlert"/>.</summary>
    public void Alert()
    {
        _alerted = true;
        _waitStrategy.SignalAllWhenBlocking();
    }

    /// <summary>Lets waits proceed again (before a processor restarts).</summary>
    public void ClearAlert() => _alerted = false;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long WaitForPublication(long sequence, long available)
    {
        // A producer claimed `sequence` but has not published it yet (it may have been preempted between
        // Next and Publish). Yield so it can run; its publish is moments away.
        var spinner = default(SpinWait);
        while (true)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (_alerted)
            {
                return sequence - 1;
            }

            long highest = _sequencer.GetHighestPublishedSequence(sequence, available);
            if (highest >= sequence)
            {
                return highest;
            }
        }
    }
}
