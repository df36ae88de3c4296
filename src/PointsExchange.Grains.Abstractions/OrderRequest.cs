namespace PointsExchange.Grains;

/// <summary>
/// An order command for one pair, as grains pass it. Enum-valued fields carry the wire values of the
/// matching core's enums (Side, OrderType, TimeInForce, SelfTradePrevention, CommandType), which are
/// append-only, so this contract stays free of the engine's assemblies.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record OrderRequest
{
    [Id(0)] public int PairId { get; init; }
    [Id(1)] public long AccountId { get; init; }
    [Id(2)] public byte CommandType { get; init; }
    [Id(3)] public long OrderId { get; init; }
    [Id(4)] public byte Side { get; init; }
    [Id(5)] public byte OrderType { get; init; }
    [Id(6)] public byte TimeInForce { get; init; }
    [Id(7)] public bool PostOnly { get; init; }
    [Id(8)] public byte SelfTradePrevention { get; init; }
    [Id(9)] public long Price { get; init; }
    [Id(10)] public long Quantity { get; init; }
    [Id(11)] public string? ClientOrderId { get; init; }
}
