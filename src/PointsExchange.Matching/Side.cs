namespace PointsExchange.Matching;

/// <summary>Which way an order trades BASE points. Stored and sent on the wire: values are append-only.</summary>
public enum Side : byte
{
    /// <summary>Buys BASE, pays QUOTE.</summary>
    Buy = 1,

    /// <summary>Sells BASE, receives QUOTE.</summary>
    Sell = 2,
}
