namespace PointsExchange.Sequencing;

/// <summary>
/// Hands out slot sequence numbers to producers and tells consumers which of them are published.
/// A producer never claims a slot that the slowest gating sequence has not yet passed.
/// </summary>
/// <remarks>
/// Claim protocol, for every producer: <c>long seq = Next();</c> (or <c>TryNext</c>), fill slot
/// <c>seq</c>, then <c>Publish(seq)</c>. Between claim and publish the slot belongs to the claiming
/// producer alone; after publish it belongs to the consumers until every gating sequence has passed it.
/// </remarks>
public abstract class Sequencer
{
    // Written once in the constructor, read by every thread afterwards: plain fields, published to
    // other threads by whatever hands them the sequencer (thread start, a volatile field).
    private readonly int _bufferSize;
    private readonly IWaitStrategy _waitStrategy;
    private readonly Sequence _cursor = new();

    // Copy-on-write array of the sequences that gate producers (the final consumers).
    // Writer: AddGatingSequences/RemoveGatingSequence, any thread, through Interlocked.CompareExchange so
    // concurrent edits do not lose each other. Readers: producers on the wrap path, with Volatile.Read so
    // they see a fully built array. The array itself is never mutated after it is published.
    private Sequence[] _gatingSequences = [];

    protected Sequencer(int bufferSize, IWaitStrategy waitStrategy)
    {
        if (bufferSize < 1 || (bufferSize & (bufferSize - 1)) != 0)
        {
            ThrowHelper.BufferSizeNotPowerOfTwo(bufferSize);
        }

        ArgumentNullException.ThrowIfNull(waitStrategy);
        _bufferSize = bufferSize;
        _waitStrategy = waitStrategy;
    }

    /// <summary>The number of slots in the ring (a power of two).</summary>
    public int BufferSize => _bufferSize;

    /// <summary>The wait strategy consumers use; producers signal it on publish.</summary>
    public IWaitStrategy WaitStrategy => _waitStrategy;

    /// <summary>
    /// Single producer: the highest published sequence. Multi producer: the highest claimed sequence
    /// (publication is tracked per slot; use <see cref="GetHighestPublishedSequence"/>).
    /// </summary>
    public Sequence Cursor => _cursor;

    /// <summary>The current gating sequences (a snapshot).</summary>
    protected Sequence[] GatingSequences => Volatile.Read(ref _gatingSequences);

    /// <summary>Claims the next slot, waiting while the ring is full.</summary>
    public long Next() => Next(1);

    /// <summary>Claims <paramref name="n"/> consecutive slots and returns the highest, waiting while the ring is full.</summary>
    public abstract long Next(int n);

    /// <summary>Claims the next slot, or returns false at once if the ring is full.</summary>
    public bool TryNext(out long sequence) => TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> slots (highest in <paramref name="sequence"/>), or returns false at once if they do not fit.</summary>
    public abstract bool TryNext(int n, out long sequence);

    /// <summary>Makes slot <paramref name="sequence"/> visible to consumers.</summary>
    public abstract void Publish(long sequence);

    /// <summary>Makes slots <paramref name="lo"/>..<paramref name="hi"/> (inclusive) visible to consumers.</summary>
    public abstract void Publish(long lo, long hi);

    /// <summary>True when slot <paramref name="sequence"/> is published (and not yet reclaimed).</summary>
    public abstract bool IsAvailable(long sequence);

    /// <summary>
    /// The highest sequence in <paramref name="lowerBound"/>..<paramref name="availableSequence"/> up to which
    /// every slot is published, or <c>lowerBound - 1</c> if <paramref name="lowerBound"/> itself is not.
    /// </summary>
    public abstract long GetHighestPublishedSequence(long lowerBound, long availableSequence);

    /// <summary>Free slots as seen now: buffer size minus claimed-but-not-consumed slots. Advisory under concurrency.</summary>
    public abstract long RemainingCapacity();

    /// <summary>Creates a barrier for a consumer that follows the cursor and <paramref name="dependents"/>.</summary>
    public SequenceBarrier NewBarrier(params Sequence[] dependents) => new(this, dependents);

    /// <summary>
    /// Adds sequences that producers must not overtake. Add them before the first claim, or set them to a
    /// sequence the producer has not yet wrapped past; a sequence far behind the cursor would stall producers.
    /// </summary>
    public void AddGatingSequences(params Sequence[] sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        while (true)
        {
            var current = Volatile.Read(ref _gatingSequences);
            Sequence[] updated = [.. current, .. sequences];
            if (Interlocked.CompareExchange(ref _gatingSequences, updated, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Removes every occurrence of <paramref name="sequence"/> from the gating set.</summary>
    public bool RemoveGatingSequence(Sequence sequence)
    {
        while (true)
        {
            var current = Volatile.Read(ref _gatingSequences);
            var updated = Array.FindAll(current, s => !ReferenceEquals(s, sequence));
            if (updated.Length == current.Length)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _gatingSequences, updated, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>The lowest gating sequence, or the cursor when there is no gating sequence.</summary>
    public long GetMinimumGatingSequence() => GetMinimumSequence(GatingSequences, _cursor.Value);

    /// <summary>The lowest value among <paramref name="sequences"/>, or <paramref name="minimum"/> if it is lower or the array is empty.</summary>
    public static long GetMinimumSequence(Sequence[] sequences, long minimum)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        foreach (var sequence in sequences)
        {
            minimum = Math.Min(minimum, sequence.Value);
        }

        return minimum;
    }
}
