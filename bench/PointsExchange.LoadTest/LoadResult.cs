using System.Text.Json.Serialization;

namespace PointsExchange.LoadTest;

/// <summary>
/// result.json: everything a run measured, in one document (schema <see cref="CurrentSchema"/>; snake_case names).
/// Times are milliseconds unless a name says otherwise; rates are per second.
/// </summary>
public sealed record LoadResult
{
    public const string CurrentSchema = "px-load.result.v1";

    public string Schema { get; init; } = CurrentSchema;

    /// <summary>Random per run: the prefix of every client_order_id it sent.</summary>
    public required string RunId { get; init; }

    /// <summary>The tag of the accounts, currencies and pairs it used (LD&lt;tag&gt;A, ...).</summary>
    public required string World { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime EndedAt { get; init; }

    /// <summary>Ctrl-C (or SIGTERM) ended sending before the duration was over: the numbers cover what was measured.</summary>
    public bool StoppedEarly { get; init; }

    public required ResultOptions Options { get; init; }

    /// <summary>From the start of the measured window until sending stopped.</summary>
    public double MeasuredSeconds { get; init; }

    /// <summary>Requests per second asked for; 0 in closed loop.</summary>
    public double TargetRate { get; init; }

    /// <summary>Measured requests sent per measured second.</summary>
    public double SentRate { get; init; }

    /// <summary>Measured answers per second, from the window's start to the last answer.</summary>
    public double AchievedRate { get; init; }

    /// <summary>How late the open-loop schedule sent a request at worst (the generator's own lag; counted in the latency).</summary>
    public double ScheduleMaxLagMs { get; init; }

    public required ResultCounts Counts { get; init; }

    /// <summary>From each request's intended send time to its answer: coordinated omission corrected.</summary>
    public required LatencyPercentiles LatencyMs { get; init; }

    /// <summary>The corrected latency of each kind of request (places wait for their commit; cancels and replaces also read the ledger).</summary>
    public required IReadOnlyDictionary<string, LatencyPercentiles> LatencyByKindMs { get; init; }

    /// <summary>From the actual send to the answer: what an uncorrected tool would report.</summary>
    public required LatencyPercentiles ServiceTimeMs { get; init; }

    /// <summary>Answers with a status code other than OK in the measured window, the expected rejections apart.</summary>
    public required IReadOnlyList<CodeSummary> Errors { get; init; }

    public required IReadOnlyList<CodeSummary> WarmupErrors { get; init; }

    public required IReadOnlyList<SecondPoint> Series { get; init; }

    /// <summary>px-load's own CPU and GC pauses from the start of the measured window until sending stopped.</summary>
    public required GeneratorCost Generator { get; init; }

    public required LedgerCheckResults Checks { get; init; }

    /// <summary>True when the run found nothing wrong: no unexpected error, no unanswered request, no failed check.</summary>
    public bool Clean => Counts.UnexpectedErrors == 0 && Counts.UnmatchedReports == 0 && !Checks.Failed;
}

/// <summary>The options the run used (the state file and the key are not here).</summary>
public sealed record ResultOptions(
    string Server, string Mode, double Rate, int? ClosedInFlight, string Transport, double DurationSeconds, double WarmupSeconds, double DrainSeconds,
    int Members, int Pairs, IReadOnlyList<string> Symbols, int Connections, int Seed, string Mix, bool Reuse, string Out);

/// <summary>Measured requests by outcome, each kind's counts, and the warm-up's.</summary>
public sealed record ResultCounts(
    long Sent, long Answered, long Accepted, long Filled, long Expired, long Fills, long ExpectedRejections, long UnexpectedErrors, long Unanswered,
    long UnmatchedReports, long OpenOrdersAtEnd, IReadOnlyDictionary<string, KindCounts> ByKind, KindCounts Warmup);

/// <summary>Percentiles of one histogram, in milliseconds.</summary>
public sealed record LatencyPercentiles(
    long Count, double Mean, double P50, double P90, double P99,
    [property: JsonPropertyName("p99_9")] double P999,
    [property: JsonPropertyName("p99_99")] double P9999,
    double Max);
