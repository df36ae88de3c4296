namespace PointsExchange.Matching;

/// <summary>
/// A resting order as the book holds it. Also what recovery feeds back into an empty book, in time
/// priority order, to rebuild it (<see cref="OrderBook.Restore"/>).
/// </summary>
/// <param name="Quantity">Total lots, filled part included.</param>
/// <param name="Filled">Lots traded so far; <c>Quantity - Filled</c> rest on the book.</param>
public readonly record struct RestingOrder(
    long OrderId,
    long AccountId,
    Side Side,
    long Price,
    long Quantity,
    long Filled,
    bool PostOnly,
    SelfTradePrevention SelfTradePrevention)
{
    public long Remaining => Quantity - Filled;
}
