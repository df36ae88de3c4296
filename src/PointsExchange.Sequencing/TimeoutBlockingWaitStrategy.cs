namespace PointsExchange.Sequencing;

/// <summary>
/// Like <see cref="BlockingWaitStrategy"/>, but gives up after a timeout so the consumer gets control back
/// while idle: <see cref="BatchEventProcessor{T}"/> then calls <see cref="IEventHandler{T}.OnTimeout"/>
/// (flush a partial group commit, send a heartbeat) and waits again.
/// </summary>
public sealed class TimeoutBlockingWaitStrategy : IWaitStrategy
{
    private readonly WaiterGate _gate = new();
    private readonly long _timeoutMilliseconds;
    private readonly int _spinIterations;

    /// <param name="timeout">How long a consumer waits with nothing to do before its handler's OnTimeout runs (at least 1 ms).</param>
    /// <param name="spinIterations">Spin/yield rounds before sleeping, as in <see cref="BlockingWaitStrategy"/>.</param>
    public TimeoutBlockingWaitStrategy(TimeSpan timeout, int spinIterations = BlockingWaitStrategy.DefaultSpinIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfNegative(spinIterations);
        _timeoutMilliseconds = (long)timeout.TotalMilliseconds;
        _spinIterations = spinIterations;
    }

    /// <summary>The idle time after which <see cref="WaitFor"/> returns without progress.</summary>
    public TimeSpan Timeout => TimeSpan.FromMilliseconds(_timeoutMilliseconds);

    /// <inheritdoc/>
    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        long available = WaiterGate.SpinBeforeBlocking(sequence, barrier, _spinIterations);
        return available >= sequence || barrier.IsAlerted
            ? available
            : _gate.Wait(sequence, barrier, Environment.TickCount64 + _timeoutMilliseconds);
    }

    /// <inheritdoc/>
    public void SignalAllWhenBlocking() => _gate.SignalAll();
}
