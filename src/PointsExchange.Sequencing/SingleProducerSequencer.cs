using System.Runtime.CompilerServices;

namespace PointsExchange.Sequencing;

/// <summary>
/// Sequencer for exactly one producer thread: claims are plain arithmetic on producer-owned fields and
/// publishing is one release store of the cursor. Calling it from two threads corrupts the ring.
/// </summary>
public sealed class SingleProducerSequencer : Sequencer
{
    // Both fields: written and read by the producer thread only, so plain accesses. Padded because the
    // producer writes them on every claim and the allocator may put an object that a consumer reads per
    // event right next to this one (the cost of a shared line: see Sequence). On the 1P1C benchmark here the
    // padding made no measurable difference (allocation order happened to keep them apart); it is insurance.
    private PaddedLong _nextValue = new() { Value = Sequence.InitialValue };         // highest claimed sequence
    private PaddedLong _cachedGatingValue = new() { Value = Sequence.InitialValue }; // last seen minimum of the gating sequences

    public SingleProducerSequencer(int bufferSize, IWaitStrategy waitStrategy)
        : base(bufferSize, waitStrategy)
    {
    }

    /// <inheritdoc/>
    public override long Next(int n)
    {
        if ((uint)(n - 1) >= (uint)BufferSize)
        {
            ThrowHelper.ClaimSizeOutOfRange(n, BufferSize);
        }

        long current = _nextValue.Value;
        long next = current + n;
        long wrapPoint = next - BufferSize;
        if (wrapPoint > _cachedGatingValue.Value)
        {
            _cachedGatingValue.Value = WaitForCapacity(wrapPoint, current);
        }

        _nextValue.Value = next;
        return next;
    }

    /// <inheritdoc/>
    public override bool TryNext(int n, out long sequence)
    {
        if ((uint)(n - 1) >= (uint)BufferSize)
        {
            ThrowHelper.ClaimSizeOutOfRange(n, BufferSize);
        }

        long current = _nextValue.Value;
        long next = current + n;
        long wrapPoint = next - BufferSize;
        if (wrapPoint > _cachedGatingValue.Value)
        {
            long minimum = GetMinimumSequence(GatingSequences, current);
            _cachedGatingValue.Value = minimum;
            if (wrapPoint > minimum)
            {
                sequence = 0;
                return false;
            }
        }

        _nextValue.Value = next;
        sequence = next;
        return true;
    }

    /// <inheritdoc/>
    public override void Publish(long sequence)
    {
        // Release store: every slot write the producer made before this line is visible to a consumer
        // that acquire-loads a cursor value >= sequence.
        Cursor.Value = sequence;
        WaitStrategy.SignalAllWhenBlocking();
    }

    /// <inheritdoc/>
    public override void Publish(long lo, long hi) => Publish(hi);

    /// <inheritdoc/>
    public override bool IsAvailable(long sequence)
    {
        long cursor = Cursor.Value;
        return sequence <= cursor && sequence > cursor - BufferSize;
    }

    /// <inheritdoc/>
    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence) => availableSequence;

    /// <summary>Free slots. Call it from the producer thread: it reads the producer's claim counter.</summary>
    public override long RemainingCapacity()
    {
        long produced = _nextValue.Value;
        long consumed = GetMinimumSequence(GatingSequences, produced);
        return BufferSize - (produced - consumed);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long WaitForCapacity(long wrapPoint, long current)
    {
        // The ring is full: the slowest consumer still owns the slot we want. Spin, then yield, but never
        // Thread.Sleep(1): on 2 cores a 1 ms nap per full ring would cap throughput at a ring per ms.
        var spinner = default(SpinWait);
        long minimum;
        while (wrapPoint > (minimum = GetMinimumSequence(GatingSequences, current)))
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return minimum;
    }
}
