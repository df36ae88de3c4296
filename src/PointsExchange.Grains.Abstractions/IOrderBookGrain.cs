namespace PointsExchange.Grains;

/// <summary>
/// One pair's book (key: pair id). A thin, reentrant adapter: it hands commands to the engine shard that
/// owns the pair and awaits the answer, which comes only after the command's batch committed.
/// </summary>
public interface IOrderBookGrain : IGrainWithIntegerKey
{
    Task<OrderOutcome> Execute(OrderRequest request);

    Task<OrderOutcome> SetHalted(bool halted);

    Task<DepthSnapshot> GetDepth(int levels);
}
