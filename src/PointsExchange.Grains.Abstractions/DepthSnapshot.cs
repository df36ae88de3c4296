namespace PointsExchange.Grains;

/// <summary>A book's top levels, read on the match thread and answered once everything before it committed.</summary>
[GenerateSerializer]
[Immutable]
public sealed record DepthSnapshot
{
    [Id(0)] public long Sequence { get; init; }
    [Id(1)] public IReadOnlyList<DepthEntry> Bids { get; init; } = [];
    [Id(2)] public IReadOnlyList<DepthEntry> Asks { get; init; } = [];
    [Id(3)] public bool Halted { get; init; }
}

[GenerateSerializer]
[Immutable]
public sealed record DepthEntry([property: Id(0)] long Price, [property: Id(1)] long Quantity, [property: Id(2)] int OrderCount);
