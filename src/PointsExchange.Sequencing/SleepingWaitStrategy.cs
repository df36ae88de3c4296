namespace PointsExchange.Sequencing;

/// <summary>
/// Spins, then yields, then sleeps between checks. Nearly no CPU when idle and no signalling cost for
/// producers, at the price of latency: the shortest sleep on Linux is about a millisecond.
/// </summary>
public sealed class SleepingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;
    private const int YieldTries = 100;

    private readonly int _sleepMilliseconds;

    /// <param name="sleepMilliseconds">Sleep between checks once spinning and yielding gave nothing (0 = yield to any thread).</param>
    public SleepingWaitStrategy(int sleepMilliseconds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sleepMilliseconds);
        _sleepMilliseconds = sleepMilliseconds;
    }

    /// <inheritdoc/>
    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        int counter = SpinTries + YieldTries;
        long available;
        while ((available = barrier.GetDependentMinimum()) < sequence)
        {
            if (barrier.IsAlerted)
            {
                return available;
            }

            if (counter > YieldTries)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else if (counter > 0)
            {
                counter--;
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(_sleepMilliseconds);
            }
        }

        return available;
    }

    /// <inheritdoc/>
    public void SignalAllWhenBlocking()
    {
    }
}
