namespace PointsExchange.Matching;

/// <summary>
/// A resting order in the book's pool. Slots are reused through a free list (linked by
/// <see cref="Next"/>), so a steady-state book allocates nothing.
/// </summary>
internal struct OrderNode
{
    public long OrderId;
    public long AccountId;
    public long Price;

    /// <summary>Total lots, filled part included. Invariant while resting: Filled &lt; Quantity.</summary>
    public long Quantity;

    public long Filled;

    /// <summary>The level slot the order rests on.</summary>
    public int Level;

    /// <summary>Neighbours in the level's FIFO queue (earlier, later); -1 at the ends.</summary>
    public int Prev;

    public int Next;

    public Side Side;
    public SelfTradePrevention SelfTradePrevention;
    public bool PostOnly;

    public readonly long Remaining => Quantity - Filled;
}
