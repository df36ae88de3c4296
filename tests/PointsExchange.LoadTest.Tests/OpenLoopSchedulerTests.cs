using System.Diagnostics;
using HdrHistogram;
using Xunit.Abstractions;

namespace PointsExchange.LoadTest.Tests;

/// <summary>
/// The open-loop schedule and the latency recorder against a synthetic exchange that answers in about a
/// millisecond but blocks the sender once for <see cref="Stall"/>. At 200 requests a second for 3 s, about 200
/// requests fall due during a 1 s stall and wait from 1,000 ms down to 0, so the corrected p99 sits near 970 ms
/// (1% of 600 answers is the 6 worst) and the p90 near 700 ms. Measured from the actual sends the same run shows
/// nothing: every request is answered a millisecond after it finally went out. The bounds are coarse on purpose:
/// on this shared 2-core machine the whole process is sometimes not scheduled for a few hundred milliseconds.
/// </summary>
public sealed class OpenLoopSchedulerTests(ITestOutputHelper output)
{
    private const double Rate = 200;
    private const long Requests = 600;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_stall_shows_in_the_corrected_percentiles_and_the_uncorrected_ones_hide_it()
    {
        var (recorder, _, end) = await RunAsync(stallAt: 200);
        var (corrected, uncorrected, _) = recorder.Finish(end);
        Show("corrected", corrected);
        Show("uncorrected", uncorrected);

        Assert.Equal(Requests, corrected.TotalCount);
        Assert.True(Ms(corrected, 99) >= 700, $"corrected p99 {Ms(corrected, 99):0.0} ms: a 1 s stall at 200/s must put it near 970 ms");
        Assert.True(Ms(corrected, 90) >= 350, $"corrected p90 {Ms(corrected, 90):0.0} ms: about 10% of the requests waited 700 ms or more");
        Assert.True(LatencyRecorder.Milliseconds(corrected.GetMaxValue()) >= Stall.TotalMilliseconds * 0.9,
            $"corrected max {LatencyRecorder.Milliseconds(corrected.GetMaxValue()):0.0} ms: the first request due in the stall waited all of it");

        // The discrimination: the same run measured the uncorrected way does not show the stall at all.
        Assert.True(Ms(uncorrected, 99) < 350, $"uncorrected p99 {Ms(uncorrected, 99):0.0} ms: measured from the actual sends the stall is hidden");
        Assert.True(Ms(uncorrected, 99) * 2 < Ms(corrected, 99), $"uncorrected p99 {Ms(uncorrected, 99):0.0} ms vs corrected {Ms(corrected, 99):0.0} ms");
    }

    [Fact]
    public async Task A_late_schedule_sends_the_backlog_at_once_and_each_request_keeps_its_intended_time()
    {
        var (_, target, _) = await RunAsync(stallAt: 200);
        var requests = target.Answered.Select(a => a.Request).OrderBy(r => r.Sequence).ToList();

        Assert.Equal(Requests, requests.Count);
        var interval = Stopwatch.Frequency / Rate;
        var start = requests[0].Intended;
        Assert.All(requests, r => Assert.Equal(start + (long)((r.Sequence - 1) * interval), r.Intended));

        // The requests due during the stall (those after the one that hit it) went out late and back to back.
        var stalled = requests[(int)target.StallAt - 1];
        var backlog = requests.Where(r => r.Intended > stalled.Intended && r.Intended < stalled.Intended + (Stopwatch.Frequency * 7 / 10)).ToList();
        Assert.True(backlog.Count >= 130, $"{backlog.Count} requests due in the first 700 ms of the stall");
        Assert.All(backlog, r => Assert.True(r.SentAt - r.Intended >= Stopwatch.Frequency / 5,
            $"request {r.Sequence} went out {LatencyRecorder.Milliseconds(r.SentAt - r.Intended):0.0} ms after it was due; the stall should have delayed it by 300 ms or more"));
        var burst = LatencyRecorder.Milliseconds(backlog.Max(r => r.SentAt) - backlog.Min(r => r.SentAt));
        Assert.True(burst < 350, $"the backlog of {backlog.Count} requests took {burst:0.0} ms to send: it should go out at once, not on the schedule (700 ms)");
    }

    [Fact]
    public async Task Without_a_stall_the_corrected_p99_stays_below_what_the_stall_test_asks()
    {
        var (recorder, _, end) = await RunAsync(stallAt: long.MaxValue);
        var (corrected, uncorrected, series) = recorder.Finish(end);
        Show("corrected", corrected);
        Show("uncorrected", uncorrected);

        Assert.Equal(Requests, corrected.TotalCount);
        Assert.True(Ms(corrected, 99) < 700, $"corrected p99 {Ms(corrected, 99):0.0} ms with no stall: the stall test's 700 ms must come from the stall");
        Assert.Equal(Requests, series.Sum(s => s.Answered));
        Assert.Equal(Requests, series.Sum(s => s.Sent));
    }

    [Fact]
    public async Task No_request_goes_out_before_it_is_due()
    {
        // At 200/s the scheduler sleeps about 5 ms between requests, several of the operating system's 1 ms steps:
        // a sleep that wakes early must not send early, or the latency from the due time would be flattered.
        var (_, target, _) = await RunAsync(stallAt: long.MaxValue);
        var requests = target.Answered.Select(a => a.Request).ToList();

        Assert.Equal(Requests, requests.Count);
        var early = requests.Where(r => r.SentAt < r.Intended).ToList();
        Assert.True(early.Count == 0,
            $"{early.Count} requests went out before they were due, the earliest by {LatencyRecorder.Milliseconds(early.Select(r => r.Intended - r.SentAt).DefaultIfEmpty().Max()):0.000} ms");
    }

    [Fact]
    public async Task A_send_that_ctrl_c_interrupts_is_withdrawn_rather_than_left_unanswered()
    {
        var sink = new RecordingSink(new LatencyRecorder(Stopwatch.GetTimestamp()));
        var target = new StallingTarget(sink, stallAt: 5, TimeSpan.FromMinutes(10));
        var withdrawn = new List<long>();
        long sequence = 0;
        var scheduler = new OpenLoopScheduler(Rate, target, (due, measured, done) =>
        {
            var id = ++sequence;
            return new LoadRequest(id, OrderKind.Limit, 0, 0, new OrderEntryRequest(), $"t-{id}") { Intended = due, Measured = measured };
        }, r => withdrawn.Add(r.Sequence));
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var start = Stopwatch.GetTimestamp();
        var end = start + (Stopwatch.Frequency * 60);

        var stoppedAt = await scheduler.RunAsync(start, start, end, ctrlC.Token);

        Assert.True(stoppedAt < end);
        Assert.Equal([5L], withdrawn);
        Assert.Equal(4, sink.Answers);
    }

    private static async Task<(LatencyRecorder Recorder, StallingTarget Target, long End)> RunAsync(long stallAt)
    {
        LoadRun.ReserveThreads();
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 10);
        var end = start + (long)(Duration.TotalSeconds * Stopwatch.Frequency);
        var recorder = new LatencyRecorder(start);
        var sink = new RecordingSink(recorder);
        var target = new StallingTarget(sink, stallAt, Stall);
        long sequence = 0;
        var scheduler = new OpenLoopScheduler(Rate, target, (due, measured, done) =>
        {
            recorder.CountSent(due);
            var id = ++sequence;
            return new LoadRequest(id, OrderKind.Limit, 0, 0, new OrderEntryRequest(), $"t-{id}") { Intended = due, Measured = measured, Done = done };
        }, withdraw: _ => Assert.Fail("nothing is stopped here"));

        Assert.Equal(end, await scheduler.RunAsync(start, start, end, CancellationToken.None));
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 10);
        while (sink.Answers < Requests && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(Requests, sink.Answers);
        return (recorder, target, Stopwatch.GetTimestamp());
    }

    private void Show(string name, LongHistogram h) => output.WriteLine(
        $"{name}: p50 {Ms(h, 50):0.0} ms, p90 {Ms(h, 90):0.0} ms, p99 {Ms(h, 99):0.0} ms, max {LatencyRecorder.Milliseconds(h.GetMaxValue()):0.0} ms");

    private static double Ms(LongHistogram histogram, double percentile) => LatencyRecorder.Milliseconds(histogram.GetValueAtPercentile(percentile));
}
