using PointsExchange.Engine;

namespace PointsExchange.Server;

/// <summary>
/// The publish port until the market data streams exist: committed batches are not yet fanned out to
/// subscribers (the streaming methods answer UNIMPLEMENTED). Unary market data reads the ledger and the
/// books directly and does not need it.
/// </summary>
public sealed class PendingMarketData : IPublishPort
{
    public void Publish(in CommitBatch batch)
    {
    }
}
