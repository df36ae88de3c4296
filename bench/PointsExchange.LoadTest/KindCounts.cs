namespace PointsExchange.LoadTest;

/// <summary>
/// Requests of one kind: sent, answered, and how. Accepted ones by the order's status in the answer; the others
/// are expected rejections or unexpected errors.
/// </summary>
public sealed record KindCounts
{
    public long Sent { get; set; }

    public long Answered { get; set; }

    public long Accepted { get; set; }

    /// <summary>Accepted and resting (NEW): limit orders and replaces.</summary>
    public long Resting { get; set; }

    public long PartiallyFilled { get; set; }

    public long Filled { get; set; }

    /// <summary>Accepted and EXPIRED: an IOC or market remainder, an unfillable FOK. Not an error.</summary>
    public long Expired { get; set; }

    public long Cancelled { get; set; }

    public long Expected { get; set; }

    public long Unexpected { get; set; }

    /// <summary>Fills reported with the answers (the taker side's own).</summary>
    public long Fills { get; set; }

    public static KindCounts Sum(IEnumerable<KindCounts> all)
    {
        var sum = new KindCounts();
        foreach (var c in all)
        {
            sum.Sent += c.Sent;
            sum.Answered += c.Answered;
            sum.Accepted += c.Accepted;
            sum.Resting += c.Resting;
            sum.PartiallyFilled += c.PartiallyFilled;
            sum.Filled += c.Filled;
            sum.Expired += c.Expired;
            sum.Cancelled += c.Cancelled;
            sum.Expected += c.Expected;
            sum.Unexpected += c.Unexpected;
            sum.Fills += c.Fills;
        }

        return sum;
    }
}
