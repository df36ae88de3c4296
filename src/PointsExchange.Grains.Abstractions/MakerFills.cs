namespace PointsExchange.Grains;

/// <summary>
/// What committed trades did to an account as the resting (maker) side, for its grain's risk view. Its
/// own commands' effects reach it with their outcomes; these come from other accounts' commands.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record MakerFills
{
    /// <summary>Per pair, the highest trade id covered: a view that already holds it (from a reload) skips the rest.</summary>
    [Id(0)] public IReadOnlyList<PairTradeMark> Marks { get; init; } = [];

    [Id(1)] public IReadOnlyList<FundsDelta> Deltas { get; init; } = [];
}

[GenerateSerializer]
[Immutable]
public sealed record PairTradeMark([property: Id(0)] int PairId, [property: Id(1)] long LastTradeId);

[GenerateSerializer]
[Immutable]
public sealed record FundsDelta([property: Id(0)] int PairId, [property: Id(1)] int CurrencyId, [property: Id(2)] long Total, [property: Id(3)] long Held);
