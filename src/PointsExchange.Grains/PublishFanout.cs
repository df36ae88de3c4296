using PointsExchange.Engine;

namespace PointsExchange.Grains;

/// <summary>Hands each committed batch to several publish ports in turn; one failing does not stop the others.</summary>
public sealed class PublishFanout(IEnumerable<IPublishPort> ports, Action<Exception>? onFailure = null) : IPublishPort, IBookObserver
{
    private readonly IPublishPort[] _ports = ports.ToArray();

    public void Publish(in CommitBatch batch)
    {
        foreach (var port in _ports)
        {
            try
            {
                port.Publish(in batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                onFailure?.Invoke(e);
            }
        }
    }

    public void OnBookLoaded(Ledger.PairInfo pair, Matching.OrderBook book)
    {
        foreach (var observer in _ports.OfType<IBookObserver>())
        {
            observer.OnBookLoaded(pair, book);
        }
    }
}
