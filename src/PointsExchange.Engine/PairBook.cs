using PointsExchange.Matching;

namespace PointsExchange.Engine;

/// <summary>
/// One pair's book and trading status inside a shard. Only the shard's match stage touches
/// <see cref="Book"/> and <see cref="Halted"/> once the entry is registered.
/// </summary>
public sealed class PairBook(int pairId, OrderBookSpec spec, OrderBook book, bool halted)
{
    public int PairId { get; } = pairId;

    public OrderBookSpec Spec { get; } = spec;

    public OrderBook Book { get; internal set; } = book;

    public bool Halted { get; internal set; } = halted;

    /// <summary>Executed commands so far (market data sequence); match stage only.</summary>
    public long Sequence { get; internal set; }
}
