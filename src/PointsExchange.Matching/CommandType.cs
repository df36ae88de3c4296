namespace PointsExchange.Matching;

/// <summary>Stored in the command journal: values are append-only.</summary>
public enum CommandType : byte
{
    /// <summary>A new LIMIT or MARKET order.</summary>
    Place = 1,

    /// <summary>Removes a resting order.</summary>
    Cancel = 2,

    /// <summary>Reduces a resting order's quantity in place, keeping its time priority.</summary>
    Amend = 3,

    /// <summary>Atomic cancel-replace with a new price and quantity: loses time priority and may trade at once.</summary>
    Replace = 4,
}
