namespace PointsExchange.Matching;

/// <summary>
/// What happens when an incoming order meets a resting order of the same account. The incoming
/// (taker) order's mode decides. Stored and sent on the wire: values are append-only.
/// </summary>
public enum SelfTradePrevention : byte
{
    /// <summary>Not given: treated as <see cref="ExpireMaker"/>, the default.</summary>
    Unspecified = 0,

    /// <summary>The resting order expires; the incoming order goes on matching.</summary>
    ExpireMaker = 1,

    /// <summary>The incoming order's remainder expires; the resting order stays.</summary>
    ExpireTaker = 2,

    /// <summary>Both expire.</summary>
    ExpireBoth = 3,
}
