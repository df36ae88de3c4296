using System.Diagnostics;
using HdrHistogram;

namespace PointsExchange.LoadTest.Tests;

/// <summary>The recorder's arithmetic on timestamps it is given: no clock, no timing.</summary>
public sealed class LatencyRecorderTests
{
    private static readonly long Ms = Stopwatch.Frequency / 1_000;
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void Latency_counts_from_the_intended_time_and_service_time_from_the_send()
    {
        var recorder = new LatencyRecorder(0);
        for (var i = 1; i <= 100; i++)
        {
            // Due at 10 ms, sent i ms late, answered 1 ms after the send.
            recorder.Record(10 * Ms, (10 + i) * Ms, (11 + i) * Ms, error: false);
        }

        var (corrected, uncorrected, _) = recorder.Finish(Second);

        Assert.InRange(LatencyRecorder.Milliseconds(corrected.GetValueAtPercentile(50)), 50.5, 51.5);
        Assert.InRange(LatencyRecorder.Milliseconds(corrected.GetMaxValue()), 100.5, 101.5);
        Assert.InRange(LatencyRecorder.Milliseconds(uncorrected.GetMaxValue()), 0.99, 1.01);
    }

    [Fact]
    public void The_series_has_a_point_per_second_with_its_answers_p99_and_errors_even_for_empty_seconds()
    {
        var recorder = new LatencyRecorder(10 * Second);
        recorder.CountSent(10 * Second);
        recorder.CountSent((12 * Second) + 1);
        recorder.Record(10 * Second, 10 * Second, (10 * Second) + (5 * Ms), error: false);
        recorder.Record(10 * Second, 10 * Second, (10 * Second) + (7 * Ms), error: true);
        recorder.Record(12 * Second, 12 * Second, (12 * Second) + (300 * Ms), error: false);

        var (_, _, series) = recorder.Finish((12 * Second) + (500 * Ms));

        Assert.Equal([1, 2, 3], series.Select(p => p.Second));
        Assert.Equal([2L, 0, 1], series.Select(p => p.Answered));
        Assert.Equal([1L, 0, 1], series.Select(p => p.Sent));
        Assert.Equal([1L, 0, 0], series.Select(p => p.Errors));
        Assert.InRange(series[0].P99Ms, 6.9, 7.1);
        Assert.Equal(0, series[1].P99Ms);
        Assert.InRange(series[2].MaxMs, 299, 301);
    }

    [Fact]
    public void A_value_beyond_an_hour_is_clamped_rather_than_lost()
    {
        var recorder = new LatencyRecorder(0);
        recorder.Record(0, 0, Stopwatch.Frequency * 7_200, error: false);

        var (corrected, _, _) = recorder.Finish(Stopwatch.Frequency * 7_200);

        Assert.Equal(1, corrected.TotalCount);
        Assert.InRange(LatencyRecorder.Milliseconds(corrected.GetMaxValue()), 3_590_000, 3_610_000);
    }
}
