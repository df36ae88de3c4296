namespace PointsExchange.Sequencing;

/// <summary>
/// Spins a little, then calls <see cref="Thread.Yield"/> between checks: low latency, and the core goes
/// to any other runnable thread. It still burns CPU while idle.
/// </summary>
public sealed class YieldingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;

    /// <inheritdoc/>
    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        int counter = SpinTries;
        long available;
        while ((available = barrier.GetDependentMinimum()) < sequence)
        {
            if (barrier.IsAlerted)
            {
                return available;
            }

            if (counter > 0)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else
            {
                Thread.Yield();
            }
        }

        return available;
    }

    /// <inheritdoc/>
    public void SignalAllWhenBlocking()
    {
    }
}
