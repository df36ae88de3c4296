using PointsExchange.Matching;

namespace PointsExchange.Engine;

/// <summary>
/// One command as it travels the ring. Ingress stamps <see cref="Timestamp"/>; the match stage stamps
/// <see cref="CommandId"/> in ring order, and for a place without an order id the command id becomes
/// the order id. Ids are unique across the engine and for ever (the counter starts above the ledger's
/// highest id), and on one pair they grow in the order the book saw the commands, so they double as
/// time priority when a book is rebuilt.
/// </summary>
public struct EngineCommand
{
    public EngineCommandKind Kind;

    /// <summary>The pair (book) the command is for.</summary>
    public int PairId;

    /// <summary>Unique per engine, increasing in ring order per shard; stamped by the match stage.</summary>
    public long CommandId;

    /// <summary>The ring sequence the command was published at; stamped by ingress.</summary>
    public long Sequence;

    /// <summary>Unix time in microseconds, stamped by ingress: the only clock reading a command ever gets.</summary>
    public long Timestamp;

    /// <summary>The order command, for <see cref="EngineCommandKind.Order"/>.</summary>
    public OrderCommand Order;

    /// <summary>For <see cref="EngineCommandKind.SetPairStatus"/>: true halts, false resumes.</summary>
    public bool Halt;

    /// <summary>The client's own id for a place (or the new one for a replace); stored by the ledger, unique per account.</summary>
    public string? ClientOrderId;

    public static EngineCommand ForOrder(int pairId, in OrderCommand order, string? clientOrderId = null) =>
        new() { Kind = EngineCommandKind.Order, PairId = pairId, Order = order, ClientOrderId = clientOrderId };

    public static EngineCommand ForPairStatus(int pairId, bool halt) =>
        new() { Kind = EngineCommandKind.SetPairStatus, PairId = pairId, Halt = halt };

    public static EngineCommand ForQuery(int pairId) => new() { Kind = EngineCommandKind.Query, PairId = pairId };
}
