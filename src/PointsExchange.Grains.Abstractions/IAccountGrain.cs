namespace PointsExchange.Grains;

/// <summary>
/// One account (key: account id): its in-memory risk view (available = total - held - in flight), the
/// single gate through which its orders and redemptions pass, and its client order ids.
/// </summary>
public interface IAccountGrain : IGrainWithIntegerKey
{
    /// <summary>Checks and holds the funds an order needs, then hands it to the pair's book.</summary>
    Task<OrderOutcome> Submit(OrderRequest request);

    /// <summary>Redeems points for the merchant, checked against the same risk view as orders.</summary>
    Task<RedeemOutcome> Redeem(RedeemRequest request);

    /// <summary>Committed fills of this account's resting orders, sent by the publish stage after each batch.</summary>
    [Orleans.Concurrency.OneWay]
    Task ApplyMakerFills(MakerFills fills);
}

[GenerateSerializer]
[Immutable]
public sealed record RedeemRequest
{
    [Id(0)] public long MerchantAccountId { get; init; }
    [Id(1)] public string Currency { get; init; } = "";
    [Id(2)] public long Amount { get; init; }
    [Id(3)] public string IdempotencyKey { get; init; } = "";
    [Id(4)] public string? Memo { get; init; }
}

[GenerateSerializer]
[Immutable]
public sealed record RedeemOutcome
{
    [Id(0)] public int Error { get; init; }
    [Id(1)] public string Message { get; init; } = "";
    [Id(2)] public long TransactionId { get; init; }
    [Id(3)] public long CreatedAtTicks { get; init; }
    [Id(4)] public bool Replayed { get; init; }
}
