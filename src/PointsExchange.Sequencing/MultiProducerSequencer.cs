using System.Numerics;
using System.Runtime.CompilerServices;

namespace PointsExchange.Sequencing;

/// <summary>
/// Sequencer for any number of producer threads. Claims advance the shared cursor atomically; each
/// slot's publication is recorded in an availability buffer, so a consumer sees only the contiguous
/// run of published slots and never one that is claimed but still being written.
/// </summary>
public sealed class MultiProducerSequencer : Sequencer
{
    // One int per slot: the lap number (sequence >> indexShift) of the last publish into that slot, -1
    // before the first lap. Writer: the producer that claimed the slot, with Volatile.Write (release) after
    // it filled the slot. Readers: consumers' barriers, with Volatile.Read (acquire) before they read the
    // slot. Comparing laps, not a boolean, means no one has to clear the flag when the slot is consumed.
    private readonly int[] _availableBuffer;
    private readonly int _indexMask;
    private readonly int _indexShift;

    // Last seen minimum of the gating sequences, shared by producers so most claims skip scanning them.
    // Writers: producers (release store); a producer may write a stale, lower value over a newer one, which
    // only makes the next claim rescan. Readers: producers (acquire load).
    private readonly Sequence _gatingSequenceCache = new();

    public MultiProducerSequencer(int bufferSize, IWaitStrategy waitStrategy)
        : base(bufferSize, waitStrategy)
    {
        _availableBuffer = new int[bufferSize];
        _availableBuffer.AsSpan().Fill(-1);
        _indexMask = bufferSize - 1;
        _indexShift = BitOperations.Log2((uint)bufferSize);
    }

    /// <inheritdoc/>
    public override long Next(int n)
    {
        if ((uint)(n - 1) >= (uint)BufferSize)
        {
            ThrowHelper.ClaimSizeOutOfRange(n, BufferSize);
        }

        // Claim first (lock xadd: no retry loop under contention), then wait for room. The claimed slots
        // are invisible to consumers until published, so claiming ahead of capacity is harmless.
        long next = Cursor.AddAndGet(n);
        long current = next - n;
        long wrapPoint = next - BufferSize;
        if (wrapPoint > _gatingSequenceCache.Value)
        {
            WaitForCapacity(wrapPoint, current);
        }

        return next;
    }

    /// <inheritdoc/>
    public override bool TryNext(int n, out long sequence)
    {
        if ((uint)(n - 1) >= (uint)BufferSize)
        {
            ThrowHelper.ClaimSizeOutOfRange(n, BufferSize);
        }

        long current;
        long next;
        do
        {
            current = Cursor.Value;
            next = current + n;
            if (!HasCapacity(next - BufferSize, current))
            {
                sequence = 0;
                return false;
            }
        }
        while (!Cursor.CompareAndSet(current, next));

        sequence = next;
        return true;
    }

    /// <inheritdoc/>
    public override void Publish(long sequence)
    {
        SetAvailable(sequence);
        WaitStrategy.SignalAllWhenBlocking();
    }

    /// <inheritdoc/>
    public override void Publish(long lo, long hi)
    {
        for (long s = lo; s <= hi; s++)
        {
            SetAvailable(s);
        }

        WaitStrategy.SignalAllWhenBlocking();
    }

    /// <inheritdoc/>
    public override bool IsAvailable(long sequence) =>
        Volatile.Read(ref _availableBuffer[(int)sequence & _indexMask]) == (int)(sequence >>> _indexShift);

    /// <inheritdoc/>
    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence)
    {
        for (long s = lowerBound; s <= availableSequence; s++)
        {
            if (!IsAvailable(s))
            {
                return s - 1;
            }
        }

        return availableSequence;
    }

    /// <inheritdoc/>
    public override long RemainingCapacity()
    {
        long produced = Cursor.Value;
        long consumed = GetMinimumSequence(GatingSequences, produced);
        return BufferSize - (produced - consumed);
    }

    private void SetAvailable(long sequence) =>
        Volatile.Write(ref _availableBuffer[(int)sequence & _indexMask], (int)(sequence >>> _indexShift));

    private bool HasCapacity(long wrapPoint, long current)
    {
        if (wrapPoint > _gatingSequenceCache.Value)
        {
            long minimum = GetMinimumSequence(GatingSequences, current);
            _gatingSequenceCache.Value = minimum;
            return wrapPoint <= minimum;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long wrapPoint, long current)
    {
        // Same policy as the single producer: spin then yield, never sleep a whole millisecond.
        var spinner = default(SpinWait);
        long minimum;
        while (wrapPoint > (minimum = GetMinimumSequence(GatingSequences, current)))
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _gatingSequenceCache.Value = minimum;
    }
}
