using System.Diagnostics;

namespace PointsExchange.LoadTest;

/// <summary>
/// Keeps a fixed number of requests in flight: each worker sends its next request when the previous one is
/// answered. It finds the highest rate the exchange sustains (the saturation throughput). Its latencies are
/// service times under that load: nothing was meant to be sent earlier, so there is no omission to correct.
/// </summary>
internal sealed class ClosedLoopDriver(int inFlight, IOrderTarget target, Func<long, bool, TaskCompletionSource?, LoadRequest> next, Action<LoadRequest> withdraw)
{
    /// <returns>When sending stopped: <paramref name="end"/>, or earlier when <paramref name="stop"/> fired.</returns>
    public async Task<long> RunAsync(long measureFrom, long end, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => WorkAsync(measureFrom, end, stop)));
        return stop.IsCancellationRequested ? Stopwatch.GetTimestamp() : end;
    }

    private async Task WorkAsync(long measureFrom, long end, CancellationToken stop)
    {
        await Task.Yield();
        try
        {
            for (var now = Stopwatch.GetTimestamp(); now < end && !stop.IsCancellationRequested; now = Stopwatch.GetTimestamp())
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await Send.OrWithdrawAsync(target, next(now, now >= measureFrom, done), withdraw, stop);
                await done.Task.WaitAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped early: what is still in flight is drained by the run.
        }
    }
}
