using System.Diagnostics;
using HdrHistogram;

namespace PointsExchange.LoadTest;

/// <summary>
/// The measured window's latencies, in <see cref="Stopwatch"/> ticks, into HdrHistograms (3 significant digits, up
/// to an hour; longer values are clamped to the hour):
/// <list type="bullet">
/// <item>corrected: from each request's intended send time to its answer. This is the latency: a
/// stall delays every request the schedule wanted to send during it, and each of them counts the wait
/// (coordinated omission corrected, as wrk2 and HdrHistogram do).</item>
/// <item>uncorrected: from the actual send to the answer (the service time), which a stall hides:
/// shown beside the latency so the difference is visible.</item>
/// </list>
/// It also keeps a per-second series (answers and their p99 by the second they arrived, requests by the second
/// they were due). Thread-safe: answers arrive on many threads; one lock, held for a few hundred nanoseconds.
/// </summary>
internal sealed class LatencyRecorder
{
    private static readonly long Highest = Stopwatch.Frequency * 3_600;
    private readonly Lock _gate = new();
    private readonly LongHistogram _corrected = New();
    private readonly LongHistogram _uncorrected = New();
    private readonly LongHistogram _second = New();
    private readonly LongHistogram[] _byKind = [.. OrderMix.Kinds.Select(_ => New())];
    private readonly List<SecondPoint> _series = [];
    private readonly List<long> _sentPerSecond = [];
    private int _errorsThisSecond;
    private long _lastAnswer;

    /// <param name="start">The start of the measured window; seconds of the series count from here.</param>
    public LatencyRecorder(long start)
    {
        Start = start;
        _lastAnswer = start;
    }

    public long Start { get; }

    /// <summary>When the last recorded answer arrived.</summary>
    public long LastAnswer
    {
        get
        {
            lock (_gate)
            {
                return _lastAnswer;
            }
        }
    }

    public static double Milliseconds(long ticks) => ticks * 1_000.0 / Stopwatch.Frequency;

    /// <summary>Records one answer that arrived at <paramref name="now"/>.</summary>
    public void Record(long intended, long sentAt, long now, bool error, OrderKind kind = OrderKind.Limit)
    {
        lock (_gate)
        {
            Roll(now);
            var latency = Math.Clamp(now - intended, 0, Highest);
            _corrected.RecordValue(latency);
            _byKind[(int)kind].RecordValue(latency);
            _second.RecordValue(latency);
            _uncorrected.RecordValue(Math.Clamp(now - (sentAt == 0 ? intended : sentAt), 0, Highest));
            _errorsThisSecond += error ? 1 : 0;
            _lastAnswer = Math.Max(_lastAnswer, now);
        }
    }

    /// <summary>Counts a request in the second it was due (the series' "sent").</summary>
    public void CountSent(long intended)
    {
        var second = (int)Math.Max(0, (intended - Start) / Stopwatch.Frequency);
        lock (_gate)
        {
            while (_sentPerSecond.Count <= second)
            {
                _sentPerSecond.Add(0);
            }

            _sentPerSecond[second]++;
        }
    }

    /// <summary>Takes back <see cref="CountSent"/> for a request that was never handed over.</summary>
    public void UncountSent(long intended)
    {
        var second = (int)Math.Max(0, (intended - Start) / Stopwatch.Frequency);
        lock (_gate)
        {
            if (second < _sentPerSecond.Count)
            {
                _sentPerSecond[second]--;
            }
        }
    }

    /// <summary>Count, p50, p99 and max so far, in milliseconds (for the live view).</summary>
    public (long Count, double P50, double P99, double Max) SoFar()
    {
        lock (_gate)
        {
            return _corrected.TotalCount == 0
                ? (0, 0, 0, 0)
                : (_corrected.TotalCount, Milliseconds(_corrected.GetValueAtPercentile(50)), Milliseconds(_corrected.GetValueAtPercentile(99)),
                    Milliseconds(_corrected.GetMaxValue()));
        }
    }

    /// <summary>Answers per second over the last whole second (for the live view).</summary>
    public long LastSecondAnswers()
    {
        lock (_gate)
        {
            Roll(Stopwatch.GetTimestamp());
            return _series.Count == 0 ? 0 : _series[^1].Answered;
        }
    }

    /// <summary>Copies of the corrected latencies of each kind, in <see cref="OrderMix.Kinds"/> order.</summary>
    public IReadOnlyList<LongHistogram> ByKind()
    {
        lock (_gate)
        {
            return [.. _byKind.Select(h => (LongHistogram)h.Copy())];
        }
    }

    /// <summary>Copies of both histograms and the series up to <paramref name="now"/> (the partial last second included).</summary>
    public (LongHistogram Corrected, LongHistogram Uncorrected, IReadOnlyList<SecondPoint> Series) Finish(long now)
    {
        lock (_gate)
        {
            Roll(now);
            var series = _series.ToList();
            if (_second.TotalCount > 0 || _sentPerSecond.Count > series.Count)
            {
                series.Add(Point(series.Count));
            }

            for (var i = series.Count; i < _sentPerSecond.Count; i++)
            {
                series.Add(new SecondPoint(i + 1, _sentPerSecond[i], 0, 0, 0, 0));
            }

            return ((LongHistogram)_corrected.Copy(), (LongHistogram)_uncorrected.Copy(), series);
        }
    }

    /// <summary>Closes every whole second before <paramref name="now"/>: each gets its point, even when nothing arrived in it.</summary>
    private void Roll(long now)
    {
        var second = (now - Start) / Stopwatch.Frequency;
        while (_series.Count < second)
        {
            _series.Add(Point(_series.Count));
            _second.Reset();
            _errorsThisSecond = 0;
        }
    }

    private SecondPoint Point(int index) => new(
        Second: index + 1,
        Sent: index < _sentPerSecond.Count ? _sentPerSecond[index] : 0,
        Answered: _second.TotalCount,
        Errors: _errorsThisSecond,
        P99Ms: _second.TotalCount == 0 ? 0 : Milliseconds(_second.GetValueAtPercentile(99)),
        MaxMs: _second.TotalCount == 0 ? 0 : Milliseconds(_second.GetMaxValue()));

    private static LongHistogram New() => new(1, Highest, 3);
}
