namespace PointsExchange.Matching;

/// <summary>
/// A pair's trading parameters. <c>LotSize</c>: BASE points per lot. <c>TickSize</c>: price step in
/// QUOTE points per lot. <c>MinQuantity</c>: smallest order in lots.
/// </summary>
public readonly record struct OrderBookSpec(long LotSize, long TickSize, long MinQuantity)
{
    /// <summary>Throws for a spec no book can trade with; the server validates pairs before they get here.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LotSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TickSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinQuantity);
    }
}
