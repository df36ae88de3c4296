namespace PointsExchange.LoadTest;

/// <summary>What the live view shows at one moment.</summary>
internal sealed record ProgressSnapshot(
    string Phase, double Elapsed, double Duration, long Sent, long Answered, long InFlight, long LastSecondRate, double OverallRate,
    double P50, double P99, double Max, IReadOnlyList<CodeSummary> Codes, long Unmatched, int OpenOrders);
