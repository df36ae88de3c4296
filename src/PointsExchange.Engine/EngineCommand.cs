using PointsExchange.Matching;

namespace PointsExchange.Engine;

/// <summary>
/// One command as it travels the ring. Ingress stamps <see cref="CommandId"/> and
/// <see cref="Timestamp"/>; for a place without an order id, the command id becomes the order id, so
/// ids are unique across the engine and for ever (the counter starts above the ledger's highest id).
/// </summary>
public struct EngineCommand
{
    public EngineCommandKind Kind;

    /// <summary>The pair (book) the command is for.</summary>
    public int PairId;

    /// <summary>Unique, increasing per engine; stamped by ingress.</summary>
    public long CommandId;

    /// <summary>Unix time in microseconds, stamped by ingress: the only clock reading a command ever gets.</summary>
    public long Timestamp;

    /// <summary>The order command, for <see cref="EngineCommandKind.Order"/>.</summary>
    public OrderCommand Order;

    /// <summary>For <see cref="EngineCommandKind.SetPairStatus"/>: true halts, false resumes.</summary>
    public bool Halt;

    public static EngineCommand ForOrder(int pairId, in OrderCommand order) =>
        new() { Kind = EngineCommandKind.Order, PairId = pairId, Order = order };

    public static EngineCommand ForPairStatus(int pairId, bool halt) =>
        new() { Kind = EngineCommandKind.SetPairStatus, PairId = pairId, Halt = halt };
}
