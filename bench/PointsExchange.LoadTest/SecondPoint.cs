namespace PointsExchange.LoadTest;

/// <summary>
/// One second of the measured window: requests due in it, answers that arrived in it (errors among them) and
/// those answers' p99 and max latency in milliseconds (0 when none arrived).
/// </summary>
public sealed record SecondPoint(int Second, long Sent, long Answered, long Errors, double P99Ms, double MaxMs);
