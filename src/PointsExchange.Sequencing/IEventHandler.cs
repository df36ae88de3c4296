namespace PointsExchange.Sequencing;

/// <summary>
/// A consumer's logic. <see cref="BatchEventProcessor{T}"/> calls it on its own thread, one slot at a
/// time, in sequence order; <c>endOfBatch</c> marks the last slot of what was available at
/// once, the moment to group-commit or flush.
/// </summary>
/// <typeparam name="T">The slot type of the ring.</typeparam>
public interface IEventHandler<T>
    where T : struct
{
    /// <summary>Handles one slot in place. The reference is valid only during the call.</summary>
    /// <param name="data">The slot; upstream consumers' writes to it are visible.</param>
    /// <param name="sequence">The slot's sequence number.</param>
    /// <param name="endOfBatch">True for the last slot of the current batch.</param>
    void OnEvent(ref T data, long sequence, bool endOfBatch);

    /// <summary>Called before the first <see cref="OnEvent"/> of each batch with the number of slots in it.</summary>
    void OnBatchStart(long batchSize)
    {
    }

    /// <summary>Called on the processor thread before the first wait.</summary>
    void OnStart()
    {
    }

    /// <summary>Called on the processor thread just before it ends.</summary>
    void OnShutdown()
    {
    }

    /// <summary>
    /// Called when a timing-out wait strategy (<see cref="TimeoutBlockingWaitStrategy"/>) found nothing to do.
    /// </summary>
    /// <param name="sequence">The last sequence this consumer has processed.</param>
    void OnTimeout(long sequence)
    {
    }
}
