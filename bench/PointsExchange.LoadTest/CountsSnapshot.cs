namespace PointsExchange.LoadTest;

/// <summary>The counters at one moment: per kind (in <see cref="OrderMix.Kinds"/> order), the warm-up, and the codes.</summary>
internal sealed record CountsSnapshot(
    IReadOnlyList<KindCounts> Kinds,
    KindCounts Warmup,
    IReadOnlyList<CodeSummary> Codes,
    IReadOnlyList<CodeSummary> WarmupCodes,
    long Unmatched,
    string UnmatchedExample)
{
    public KindCounts Total => KindCounts.Sum(Kinds);

    /// <summary>Every answer that should not have happened, the unmatched reports included.</summary>
    public long UnexpectedErrors => Total.Unexpected + Unmatched;
}
