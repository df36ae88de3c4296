namespace PointsExchange.Sequencing;

/// <summary>
/// How a consumer waits for a sequence to become available, and how producers and consumers wake it.
/// </summary>
/// <remarks>
/// The default is <see cref="BlockingWaitStrategy"/>: this exchange runs on 2-core machines where a
/// spinning consumer takes a whole core from the producer and the other stages.
/// </remarks>
public interface IWaitStrategy
{
    /// <summary>
    /// Waits until <see cref="SequenceBarrier.GetDependentMinimum"/> reaches <paramref name="sequence"/> and
    /// returns it. Returns a smaller value only when the barrier is alerted or the strategy times out.
    /// </summary>
    long WaitFor(long sequence, SequenceBarrier barrier);

    /// <summary>
    /// Called by producers after each publish and by consumers after each batch, after their release store.
    /// Must be cheap when nobody is blocked: it is on every publish.
    /// </summary>
    void SignalAllWhenBlocking();
}
