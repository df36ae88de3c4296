namespace PointsExchange.Grains;

/// <summary>One matching event, with the fields of the core's MatchEvent (enum fields as wire values).</summary>
[GenerateSerializer]
[Immutable]
public sealed record BookEvent
{
    [Id(0)] public byte Kind { get; init; }
    [Id(1)] public byte Reason { get; init; }
    [Id(2)] public byte Side { get; init; }
    [Id(3)] public long OrderId { get; init; }
    [Id(4)] public long AccountId { get; init; }
    [Id(5)] public long Price { get; init; }
    [Id(6)] public long Quantity { get; init; }
    [Id(7)] public long Remaining { get; init; }
    [Id(8)] public long TradeId { get; init; }
    [Id(9)] public long MakerOrderId { get; init; }
    [Id(10)] public long MakerAccountId { get; init; }
    [Id(11)] public long MakerRemaining { get; init; }
    [Id(12)] public long PreviousPrice { get; init; }
    [Id(13)] public long PreviousRemaining { get; init; }
}
