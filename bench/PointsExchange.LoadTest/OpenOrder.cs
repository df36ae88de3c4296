using PointsExchange.Contracts.V1;

namespace PointsExchange.LoadTest;

/// <summary>
/// One of the generator's resting orders as its last report showed it. It may be stale: fills by other members
/// and self-trade prevention end resting orders without a report to their owner, so a cancel or replace of it
/// can meet FAILED_PRECONDITION (an expected rejection).
/// </summary>
internal sealed class OpenOrder(long orderId, string clientOrderId, Side side, long price, long quantity)
{
    public long OrderId { get; } = orderId;

    public string ClientOrderId { get; set; } = clientOrderId;

    public Side Side { get; } = side;

    public long Price { get; set; } = price;

    public long Quantity { get; set; } = quantity;
}
