using System.Diagnostics;

namespace PointsExchange.LoadTest;

/// <summary>
/// Sends on a fixed schedule whatever the answers do: request i is due at <c>start + i / rate</c>. A thread of its
/// own sleeps until the next request is due (a sleep of the operating system lasts about a millisecond at least,
/// so requests go out in small bursts; the latency counts from the due time, so the pacing never flatters it),
/// sends everything due, and never waits for an answer. When sending itself stalls (the exchange pushes back) the
/// loop falls behind: it then sends the late requests at once, back to back, and each still counts its latency
/// from its own due time. That is the coordinated omission correction: a stall is paid for by every request the
/// schedule wanted to send during it, not only by the one that hit it.
/// </summary>
/// <remarks>
/// Not a timer of the thread pool: on this 2-core machine, under load, <c>Task.Delay</c>'s continuation waited for
/// a pool thread, and requests left 2.3 ms after their due time at the median at 2,000/s (latency p50 5.69 ms
/// against 3.43 ms from the actual send; docs/performance.md, section 11). The generator's own delay is part of
/// the corrected latency, so it has to be small.
/// </remarks>
/// <param name="next">Makes (and counts) the request due at a time; measured or not.</param>
/// <param name="withdraw">Takes back a request that Ctrl-C stopped before it was handed over: it was never sent.</param>
internal sealed class OpenLoopScheduler(double rate, IOrderTarget target, Func<long, bool, TaskCompletionSource?, LoadRequest> next, Action<LoadRequest> withdraw)
{
    /// <summary>How late the schedule ran at worst in the measured window, in ticks (the sender's own lag).</summary>
    public long MaxLag { get; private set; }

    /// <summary>Sends from <paramref name="start"/> until <paramref name="end"/>; requests due from <paramref name="measureFrom"/> on are measured.</summary>
    /// <returns>When sending stopped: <paramref name="end"/>, or earlier when <paramref name="stop"/> fired.</returns>
    public Task<long> RunAsync(long start, long measureFrom, long end, CancellationToken stop) =>
        Task.Factory.StartNew(() => Run(start, measureFrom, end, stop), stop, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .ContinueWith(t => t.IsCanceled ? Stopwatch.GetTimestamp() : t.GetAwaiter().GetResult(), TaskScheduler.Default);

    private long Run(long start, long measureFrom, long end, CancellationToken stop)
    {
        var interval = Stopwatch.Frequency / rate;
        try
        {
            for (long i = 0; ; i++)
            {
                var due = start + (long)(i * interval);
                if (due >= end)
                {
                    return end;
                }

                stop.ThrowIfCancellationRequested();
                long wait;
                while ((wait = due - Stopwatch.GetTimestamp()) > 0)
                {
                    // Rounded down, at least 1 ms (the sleep itself lasts a little longer than asked), and again
                    // if it woke early: a request sent before its due time would flatter its latency.
                    stop.WaitHandle.WaitOne(Math.Max(1, (int)(wait * 1_000 / Stopwatch.Frequency)));
                    stop.ThrowIfCancellationRequested();
                }

                var request = next(due, due >= measureFrom, null);
                if (request.Measured)
                {
                    MaxLag = Math.Max(MaxLag, Stopwatch.GetTimestamp() - due);
                }

                var sent = Send.OrWithdrawAsync(target, request, withdraw, stop);
                if (!sent.IsCompletedSuccessfully)
                {
                    // The target's queue is full: wait on this thread, falling behind the schedule.
                    sent.AsTask().GetAwaiter().GetResult();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Stopwatch.GetTimestamp();
        }
    }
}
