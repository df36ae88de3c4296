namespace PointsExchange.Sequencing;

/// <summary>
/// Spins on the dependent sequence without ever giving up the core. Lowest latency, but only where each
/// consumer has a core of its own: on 2 cores it starves the producer and the other stages.
/// </summary>
public sealed class BusySpinWaitStrategy : IWaitStrategy
{
    /// <inheritdoc/>
    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        long available;
        while ((available = barrier.GetDependentMinimum()) < sequence)
        {
            if (barrier.IsAlerted)
            {
                return available;
            }

            Thread.SpinWait(1);
        }

        return available;
    }

    /// <inheritdoc/>
    public void SignalAllWhenBlocking()
    {
    }
}
