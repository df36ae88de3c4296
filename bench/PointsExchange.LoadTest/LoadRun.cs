using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using HdrHistogram;
using PointsExchange.Contracts.V1;
using Spectre.Console;

namespace PointsExchange.LoadTest;

/// <summary>
/// One run, start to end: reach the exchange, set the world up (or reuse it), open the transport, send the
/// warm-up and the measured window, wait for the last answers, check the ledger, write the report. It is the
/// sink of every answer: it counts it, records its latency, learns the open orders and the acknowledged ids.
/// </summary>
internal sealed class LoadRun(LoadOptions options, TextWriter stdout, IAnsiConsole? live) : IAnswerSink
{
    private readonly ConcurrentDictionary<long, LoadRequest> _outstanding = new();
    private readonly RunCounters _counters = new();
    private readonly HashSet<long> _acknowledged = [];
    private readonly Lock _acknowledgedGate = new();
    private WorkloadGenerator _generator = null!;
    private LatencyRecorder _recorder = null!;
    private long _measureFrom;
    private GeneratorCost.Mark? _measuredMark;
    private GeneratorCost _generatorCost = new(0, 0, 0, 0, 0, 0, 0);
    private long _end;
    private long _drainedAt;
    private volatile string _phase = "starting";

    /// <summary>
    /// Answers, timers and the schedule all run on the thread pool. On a 2-core machine it starts with two threads,
    /// and when something else in the process blocks them (a test host does) it adds one only every half second or
    /// so: measured here, every timer and answer then stalled for 0.5-1 s at a time, and the corrected latency would
    /// have charged those stalls to the exchange. Thirty-two threads ready from the start removed them.
    /// </summary>
    public static void ReserveThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
    }

    public async Task<int> RunAsync(CancellationToken stop)
    {
        ReserveThreads();
        var runId = NewId(8);
        var startedAt = DateTime.UtcNow;
        using var exchange = new ExchangeConnection(options.Server, options.Connections);
        await exchange.ProbeAsync(stop);
        var adminKey = (await File.ReadAllTextAsync(options.AdminKeyFile, stop)).Trim();
        if (adminKey.Length == 0)
        {
            throw new UsageException($"--admin-key-file: {Paths.Show(options.AdminKeyFile)} is empty");
        }

        var earlier = options.ReuseStateFile is { } file ? LoadState.Read(file) : null;
        Directory.CreateDirectory(options.OutputDirectory);
        var state = await new Provisioner(exchange, adminKey, stdout).EnsureAsync(earlier, options.Pairs, options.Members, runId, stop);
        state.Write(Path.Combine(options.OutputDirectory, LoadState.FileName));

        var pairs = state.Pairs.Take(options.Pairs).ToList();
        var members = state.Members.Take(options.Members).ToList();
        _generator = new WorkloadGenerator(pairs, members.Count, options.Mix, options.Seed, runId, new OpenOrders(members.Count, pairs.Count));
        await stdout.WriteLineAsync($"px-load: {Describe()} against {options.Address}; run {runId}; Ctrl-C stops early and still writes the report");

        IOrderTarget target = options.Transport == Transport.Stream ? new StreamTarget(exchange, members, this) : new UnaryTarget(exchange, members, this);
        var start = Stopwatch.GetTimestamp();
        _measureFrom = start + Ticks(options.Warmup);
        _end = _measureFrom + Ticks(options.Duration);
        _recorder = new LatencyRecorder(_measureFrom);
        var open = new OpenLoopScheduler(options.Rate, target, Next, Withdraw);
        long stoppedAt;
        try
        {
            var driving = DriveAndDrainAsync(open, target, start, stop);
            await new ProgressView(stdout, live, Snapshot).RunUntilAsync(driving);
            stoppedAt = await driving;
        }
        finally
        {
            _phase = "closing";
            await target.DisposeAsync();
        }

        _phase = "checking";
        List<long> acknowledged;
        lock (_acknowledgedGate)
        {
            acknowledged = [.. _acknowledged];
        }

        var checks = await LedgerChecks.RunAsync(options.Ledger, [.. state.Currencies.Take(options.Pairs + 1).Select(c => c.Code)], acknowledged, CancellationToken.None);
        var (corrected, uncorrected, series) = _recorder.Finish(_drainedAt);
        var result = BuildResult(runId, state, startedAt, stoppedAt, corrected, uncorrected, series, checks, open.MaxLag);
        ReportFiles.Write(options.OutputDirectory, result, corrected, uncorrected);
        SummaryTable.Write(stdout, result, options.OutputDirectory);
        return !result.Clean ? LoadApp.Problems : result.StoppedEarly ? LoadApp.Interrupted : LoadApp.Ok;
    }

    public void OnAnswer(LoadRequest request, Answer answer)
    {
        if (!request.TryAnswer())
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        _outstanding.TryRemove(request.Sequence, out _);
        _counters.Answered(request, answer);
        if (request.Measured)
        {
            _recorder.Record(request.Intended, request.SentAt, now, !answer.Accepted, request.Kind);
        }

        Track(request, answer);
        request.Done?.TrySetResult();
    }

    public void OnUnmatched(ExecutionReport report) => _counters.Unmatched(report);

    /// <summary>Sends (open or closed loop), then waits up to --drain for the answers still due; gives up on the rest.</summary>
    private async Task<long> DriveAndDrainAsync(OpenLoopScheduler open, IOrderTarget target, long start, CancellationToken stop)
    {
        await Task.Yield();
        _phase = options.Warmup > TimeSpan.Zero ? "warm-up" : "measuring";
        // The generator's own cost is marked when the measured window opens (on a timer: the warm-up may be 0).
        var untilMeasured = TimeSpan.FromSeconds(Math.Max(0, _measureFrom - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
        using var markAtWindow = new Timer(_ => _measuredMark = GeneratorCost.Mark.Now(), null, untilMeasured, Timeout.InfiniteTimeSpan);
        var stoppedAt = options.ClosedInFlight is { } inFlight
            ? await new ClosedLoopDriver(inFlight, target, Next, Withdraw).RunAsync(_measureFrom, _end, stop)
            : await open.RunAsync(start, _measureFrom, _end, stop);
        var sendingStopped = GeneratorCost.Mark.Now();
        _generatorCost = GeneratorCost.Between(_measuredMark ?? sendingStopped, sendingStopped);
        _phase = "draining";
        var deadline = Stopwatch.GetTimestamp() + Ticks(options.Drain);
        while (!_outstanding.IsEmpty && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        foreach (var request in _outstanding.Values)
        {
            OnAnswer(request, new Answer(Answer.NoAnswer, $"no answer within --drain {options.Drain.TotalSeconds:0.#} s after sending stopped", null, 0));
        }

        _drainedAt = Stopwatch.GetTimestamp();
        return stoppedAt;
    }

    private LoadRequest Next(long intended, bool measured, TaskCompletionSource? done)
    {
        var request = _generator.Next(intended, measured, done);
        _outstanding[request.Sequence] = request;
        _counters.Sent(request);
        if (measured)
        {
            _recorder.CountSent(intended);
        }

        return request;
    }

    /// <summary>A request Ctrl-C stopped before it was handed over: never sent, so neither counted nor waited for.</summary>
    private void Withdraw(LoadRequest request)
    {
        if (!request.TryAnswer())
        {
            return;
        }

        _outstanding.TryRemove(request.Sequence, out _);
        _counters.Unsent(request);
        if (request.Measured)
        {
            _recorder.UncountSent(request.Intended);
        }

        if (request.Target is { } order)
        {
            _generator.Open.Add(request.Member, request.Pair, order);
        }
    }

    /// <summary>Learns the open orders and the acknowledged ids from one answer.</summary>
    private void Track(LoadRequest request, Answer answer)
    {
        if (answer.Accepted && answer.Order is { OrderId: > 0 } order)
        {
            lock (_acknowledgedGate)
            {
                _acknowledged.Add(order.OrderId);
            }
        }

        var resting = answer.Order?.Status is OrderStatus.New or OrderStatus.PartiallyFilled;
        var open = _generator.Open;
        switch (request.Kind)
        {
            case OrderKind.Limit when answer.Accepted && resting:
                var place = request.Message.Place;
                open.Add(request.Member, request.Pair, new OpenOrder(answer.Order!.OrderId, request.CorrelationId, place.Side, place.Price, place.Quantity));
                break;
            case OrderKind.Replace when answer.Accepted && resting:
                request.Target!.ClientOrderId = request.CorrelationId;
                request.Target.Price = request.Message.Replace.NewPrice;
                request.Target.Quantity = request.Message.Replace.NewQuantity;
                open.Add(request.Member, request.Pair, request.Target);
                break;
            case OrderKind.Cancel or OrderKind.Replace when !answer.Accepted && !RunCounters.IsExpected(request.Kind, answer.Code) && answer.Code != Answer.NoAnswer:
                // Refused for another reason (overload, ledger unavailable: not applied): the order is still there.
                open.Add(request.Member, request.Pair, request.Target!);
                break;
        }
    }

    private ProgressSnapshot Snapshot()
    {
        var counts = _counters.Snapshot();
        var total = counts.Total;
        var now = Stopwatch.GetTimestamp();
        var (_, p50, p99, max) = _recorder.SoFar();
        var elapsed = Math.Min(now, _end) - _measureFrom;
        var seconds = Math.Max(elapsed, 0) / (double)Stopwatch.Frequency;
        var phase = _phase == "warm-up" && now >= _measureFrom ? "measuring" : _phase;
        return new ProgressSnapshot(phase, elapsed / (double)Stopwatch.Frequency, options.Duration.TotalSeconds, total.Sent + counts.Warmup.Sent,
            total.Answered + counts.Warmup.Answered, _outstanding.Count, _recorder.LastSecondAnswers(), seconds > 0 ? total.Answered / seconds : 0,
            p50, p99, max, counts.Codes, counts.Unmatched, _generator.Open.Count);
    }

    private LoadResult BuildResult(string runId, LoadState state, DateTime startedAt, long stoppedAt, LongHistogram corrected, LongHistogram uncorrected,
        IReadOnlyList<SecondPoint> series, LedgerCheckResults checks, long maxLag)
    {
        var counts = _counters.Snapshot();
        var total = counts.Total;
        var stoppedEarly = stoppedAt < _end;
        var measured = Math.Max(0, Math.Min(stoppedAt, _end) - _measureFrom) / (double)Stopwatch.Frequency;
        var answering = Math.Max(0, _recorder.LastAnswer - _measureFrom) / (double)Stopwatch.Frequency;
        return new LoadResult
        {
            RunId = runId,
            World = state.Tag,
            StartedAt = startedAt,
            EndedAt = DateTime.UtcNow,
            StoppedEarly = stoppedEarly,
            Options = new ResultOptions(options.Address, options.ClosedLoop ? "closed" : "open", options.Rate, options.ClosedInFlight,
                options.Transport.ToString().ToLowerInvariant(), options.Duration.TotalSeconds, options.Warmup.TotalSeconds, options.Drain.TotalSeconds,
                options.Members, options.Pairs, [.. state.Pairs.Take(options.Pairs).Select(p => p.Symbol)], options.Connections, options.Seed,
                options.Mix.ToString(), options.ReuseStateFile is not null, options.OutputDirectory),
            MeasuredSeconds = measured,
            TargetRate = options.Rate,
            SentRate = measured > 0 ? total.Sent / measured : 0,
            AchievedRate = answering > 0 ? total.Answered / Math.Max(answering, measured) : 0,
            ScheduleMaxLagMs = LatencyRecorder.Milliseconds(maxLag),
            Counts = new ResultCounts(total.Sent, total.Answered, total.Accepted, total.Filled, total.Expired, total.Fills, total.Expected,
                counts.UnexpectedErrors, counts.Codes.Where(c => c.Code == Answer.CodeName(Answer.NoAnswer)).Sum(c => c.Count), counts.Unmatched,
                _generator.Open.Count, OrderMix.Kinds.ToDictionary(OrderMix.Name, k => counts.Kinds[(int)k]), counts.Warmup),
            LatencyMs = Percentiles(corrected),
            LatencyByKindMs = OrderMix.Kinds.Zip(_recorder.ByKind()).ToDictionary(k => OrderMix.Name(k.First), k => Percentiles(k.Second)),
            ServiceTimeMs = Percentiles(uncorrected),
            Errors = counts.Codes,
            WarmupErrors = counts.WarmupCodes,
            Series = series,
            Generator = _generatorCost,
            Checks = checks,
        };
    }

    public static LatencyPercentiles Percentiles(LongHistogram h) => h.TotalCount == 0
        ? new LatencyPercentiles(0, 0, 0, 0, 0, 0, 0, 0)
        : new LatencyPercentiles(h.TotalCount, LatencyRecorder.Milliseconds((long)h.GetMean()), At(h, 50), At(h, 90), At(h, 99), At(h, 99.9), At(h, 99.99),
            LatencyRecorder.Milliseconds(h.GetMaxValue()));

    private static double At(LongHistogram h, double percentile) => LatencyRecorder.Milliseconds(h.GetValueAtPercentile(percentile));

    private string Describe() => (options.ClosedInFlight is { } n ? $"closed loop, {n:N0} in flight" : $"open loop at {options.Rate:N0}/s") +
        $" for {options.Duration.TotalSeconds:0.###} s (warm-up {options.Warmup.TotalSeconds:0.###} s) over " +
        (options.Transport == Transport.Stream ? "StreamOrderEntry" : "unary calls") +
        $", {options.Members} members, {options.Pairs} pairs, {options.Connections} connections, mix {options.Mix}, seed {options.Seed}";

    private static long Ticks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);

    private static string NewId(int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return new string([.. Enumerable.Range(0, length).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)])]);
    }
}
