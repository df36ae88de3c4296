using PointsExchange.Matching;

namespace PointsExchange.Engine;

/// <summary>
/// Rebuilds a pair from the system of record (the ledger implements it). The match stage calls it after
/// a failed commit, because the books then hold effects that were never committed.
/// </summary>
public interface IBookSource
{
    /// <summary>The committed state of one pair. Throws when the store is unreachable.</summary>
    RecoveredPair Load(int pairId, OrderBookSpec spec);
}

/// <summary>A pair's committed book and trading status.</summary>
public readonly record struct RecoveredPair(OrderBook Book, bool Halted);
