namespace PointsExchange.Matching;

/// <summary>Stored in the journal and sent to clients: values are append-only.</summary>
public enum MatchEventKind : byte
{
    /// <summary>A place passed validation; trades and the order's end, if any, follow.</summary>
    Accepted = 1,

    /// <summary>The incoming order traded with a resting order at the resting order's price.</summary>
    Trade = 2,

    /// <summary>An order was removed by its owner (cancel, or an amend to or below its filled quantity).</summary>
    Cancelled = 3,

    /// <summary>An order ended by a rule: IOC or market remainder, unfillable FOK, self-trade prevention.</summary>
    Expired = 4,

    /// <summary>A command failed validation and changed nothing.</summary>
    Rejected = 5,

    /// <summary>A resting order's quantity was reduced in place.</summary>
    Amended = 6,

    /// <summary>A resting order took a new price and quantity and lost its time priority; trades may follow.</summary>
    Replaced = 7,
}
