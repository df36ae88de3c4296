namespace PointsExchange.Sequencing;

/// <summary>
/// A ring of pre-allocated struct slots addressed by sequence number. Producers claim a sequence,
/// fill the slot in place through the <c>ref</c> indexer and publish it; consumers read it in place.
/// Nothing is allocated per event: the slots are allocated once, here.
/// </summary>
/// <example>
/// <code>
/// long seq = ring.Next();      // or: if (!ring.TryNext(out seq)) return ResourceExhausted;
/// ref var slot = ref ring[seq];
/// slot.Amount = amount;        // write every field you use: the slot still holds the previous lap
/// ring.Publish(seq);
/// </code>
/// </example>
/// <typeparam name="T">The slot type. A struct so the slots are inline in one array.</typeparam>
public sealed class RingBuffer<T>
    where T : struct
{
    // All three fields are written once in the constructor and only read afterwards, by every thread.
    // The slots themselves are handed over by the sequencer's release/acquire protocol.
    private readonly T[] _entries;
    private readonly long _indexMask;
    private readonly Sequencer _sequencer;

    // The same object as _sequencer when it is a single-producer one: claims and publishes then call a
    // sealed class directly (inlinable) instead of through the abstract base. Same write-once rule.
    private readonly SingleProducerSequencer? _single;

    public RingBuffer(Sequencer sequencer)
    {
        ArgumentNullException.ThrowIfNull(sequencer);
        _sequencer = sequencer;
        _single = sequencer as SingleProducerSequencer;
        _entries = new T[sequencer.BufferSize];
        _indexMask = sequencer.BufferSize - 1;
    }

    /// <summary>Creates a ring of <paramref name="bufferSize"/> slots (a power of two).</summary>
    /// <param name="producerType">Single when one thread publishes, Multi otherwise.</param>
    /// <param name="bufferSize">Number of slots, a power of two.</param>
    /// <param name="waitStrategy">How consumers wait; <see cref="BlockingWaitStrategy"/> when null.</param>
    public static RingBuffer<T> Create(ProducerType producerType, int bufferSize, IWaitStrategy? waitStrategy = null)
    {
        waitStrategy ??= new BlockingWaitStrategy();
        Sequencer sequencer = producerType == ProducerType.Multi
            ? new MultiProducerSequencer(bufferSize, waitStrategy)
            : new SingleProducerSequencer(bufferSize, waitStrategy);
        return new RingBuffer<T>(sequencer);
    }

    /// <summary>The slot for <paramref name="sequence"/>: a reference into the ring, not a copy.</summary>
    public ref T this[long sequence] => ref _entries[(int)(sequence & _indexMask)];

    /// <summary>The number of slots.</summary>
    public int BufferSize => _entries.Length;

    /// <summary>The sequencer that claims and publishes slots of this ring.</summary>
    public Sequencer Sequencer => _sequencer;

    /// <summary>See <see cref="Sequencing.Sequencer.Cursor"/>.</summary>
    public long Cursor => _sequencer.Cursor.Value;

    /// <summary>Claims the next slot, waiting while the ring is full.</summary>
    public long Next() => _single is { } single ? single.Next(1) : _sequencer.Next(1);

    /// <summary>Claims <paramref name="n"/> slots and returns the highest, waiting while the ring is full.</summary>
    public long Next(int n) => _single is { } single ? single.Next(n) : _sequencer.Next(n);

    /// <summary>Claims the next slot, or returns false at once when the ring is full (backpressure).</summary>
    public bool TryNext(out long sequence) => _single is { } single ? single.TryNext(1, out sequence) : _sequencer.TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> slots, or returns false at once when they do not fit.</summary>
    public bool TryNext(int n, out long sequence) => _sequencer.TryNext(n, out sequence);

    /// <summary>Makes slot <paramref name="sequence"/> visible to consumers.</summary>
    public void Publish(long sequence)
    {
        if (_single is { } single)
        {
            single.Publish(sequence);
        }
        else
        {
            _sequencer.Publish(sequence);
        }
    }

    /// <summary>Makes slots <paramref name="lo"/>..<paramref name="hi"/> visible to consumers.</summary>
    public void Publish(long lo, long hi) => _sequencer.Publish(lo, hi);

    /// <summary>Free slots now (advisory when other threads are claiming).</summary>
    public long RemainingCapacity() => _sequencer.RemainingCapacity();

    /// <summary>Adds sequences producers must not overtake. See <see cref="Sequencing.Sequencer.AddGatingSequences"/>.</summary>
    public void AddGatingSequences(params Sequence[] sequences) => _sequencer.AddGatingSequences(sequences);

    /// <summary>Removes a gating sequence.</summary>
    public bool RemoveGatingSequence(Sequence sequence) => _sequencer.RemoveGatingSequence(sequence);

    /// <summary>The lowest gating sequence, or the cursor when there is none.</summary>
    public long GetMinimumGatingSequence() => _sequencer.GetMinimumGatingSequence();

    /// <summary>Creates a barrier for a consumer that follows the producers and <paramref name="dependents"/>.</summary>
    public SequenceBarrier NewBarrier(params Sequence[] dependents) => _sequencer.NewBarrier(dependents);
}
