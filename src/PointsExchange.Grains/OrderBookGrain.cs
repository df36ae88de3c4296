using Orleans.Concurrency;
using PointsExchange.Engine;

namespace PointsExchange.Grains;

/// <summary>
/// A thin adapter onto the engine: never blocks, owns no thread. Reentrant, so while one command waits
/// for its batch to commit, the next ones are already in the ring (many orders in flight per pair).
/// </summary>
[Reentrant]
public sealed class OrderBookGrain(EngineHost host) : Grain, IOrderBookGrain
{
    private int PairId => (int)this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => host.EnsurePairAsync(PairId);

    public Task<OrderOutcome> Execute(OrderRequest request) => host.ExecuteAsync(request);

    public async Task<OrderOutcome> SetHalted(bool halted)
    {
        var outcome = await host.SubmitAsync(EngineCommand.ForPairStatus(PairId, halted));
        host.Ledger.InvalidatePair(PairId);
        return outcome;
    }

    public async Task<DepthSnapshot> GetDepth(int levels)
    {
        var query = new DepthQuery(levels);
        var command = EngineCommand.ForQuery(PairId);
        return host.Engine.TrySubmit(in command, query) == SubmitResult.Accepted
            ? await query.Task
            : throw new InvalidOperationException("the engine is busy; retry");
    }
}
