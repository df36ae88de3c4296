namespace PointsExchange.Matching;

/// <summary>Stored and sent on the wire: values are append-only.</summary>
public enum OrderType : byte
{
    /// <summary>Trades at its price or better; a GTC remainder rests.</summary>
    Limit = 1,

    /// <summary>Trades at once down to its protection price and never rests.</summary>
    Market = 2,
}
