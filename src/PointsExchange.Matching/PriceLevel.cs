namespace PointsExchange.Matching;

/// <summary>
/// One price level of one side, in the book's level pool. A level is in three structures at once:
/// the price-key map (lookup by price in O(1)), the side's treap (ordered insert in O(log levels),
/// needed only when a level is created or removed) and the side's sorted list (Better/Worse: O(1)
/// steps while matching and for depth queries).
/// </summary>
internal struct PriceLevel
{
    /// <summary>The side-normalised price: -price for bids, +price for asks, so "better" is always "smaller".</summary>
    public long Key;

    public long Price;

    /// <summary>Sum of the remaining lots of the orders queued here.</summary>
    public long Quantity;

    public int OrderCount;

    /// <summary>FIFO queue of orders: Head trades first.</summary>
    public int Head;

    public int Tail;

    /// <summary>Sorted neighbours on the same side: the next better and next worse price; -1 at the ends.</summary>
    public int Better;

    public int Worse;

    /// <summary>Treap children; a free level slot links the free list through <see cref="Left"/>.</summary>
    public int Left;

    public int Right;

    /// <summary>Treap heap priority, a pure function of the key so the tree shape is deterministic.</summary>
    public uint Priority;

    public Side Side;
}
