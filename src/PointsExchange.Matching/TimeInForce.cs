namespace PointsExchange.Matching;

/// <summary>Stored and sent on the wire: values are append-only.</summary>
public enum TimeInForce : byte
{
    /// <summary>Good till cancelled: a limit remainder rests on the book.</summary>
    Gtc = 1,

    /// <summary>Immediate or cancel: what does not trade at once expires.</summary>
    Ioc = 2,

    /// <summary>Fill or kill: trades completely at once or not at all.</summary>
    Fok = 3,
}
