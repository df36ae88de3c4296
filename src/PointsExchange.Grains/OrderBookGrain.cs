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

    /// <summary>
    /// The pair may activate in another silo next, which then writes its orders: this process stops answering
    /// look-ups of them from memory until it loads the pair again (see <c>RecentOrders</c>).
    /// </summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        host.Ledger.Recent.Disown(PairId);
        return Task.CompletedTask;
    }

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
