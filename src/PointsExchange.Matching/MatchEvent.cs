namespace PointsExchange.Matching;

/// <summary>
/// One outcome of a command. A flat value so a sink can copy it into a pre-allocated buffer; which
/// fields mean something depends on <see cref="Kind"/>:
/// <list type="bullet">
/// <item>Accepted: the order's side, price, quantity; <see cref="Remaining"/> = quantity.</item>
/// <item>Trade: the taker in OrderId/AccountId/Side, the maker in the Maker fields; Price is the maker's
/// price; Remaining and MakerRemaining are what each has left after the trade; TradeId is the book's
/// trade sequence (1, 2, 3, ...).</item>
/// <item>Cancelled and Expired: the order's side and price, Quantity = the lots removed, Remaining = 0.</item>
/// <item>Rejected: the command's fields as given, and the Reason.</item>
/// <item>Amended and Replaced: the new price, the new total quantity and the new remaining quantity;
/// PreviousPrice and PreviousRemaining say what they were, so a ledger can move the order's hold.</item>
/// </list>
/// </summary>
public readonly record struct MatchEvent
{
    public MatchEventKind Kind { get; init; }
    public ReasonCode Reason { get; init; }
    public Side Side { get; init; }
    public long OrderId { get; init; }
    public long AccountId { get; init; }
    public long Price { get; init; }
    public long Quantity { get; init; }
    public long Remaining { get; init; }
    public long TradeId { get; init; }
    public long MakerOrderId { get; init; }
    public long MakerAccountId { get; init; }
    public long MakerRemaining { get; init; }
    public long PreviousPrice { get; init; }
    public long PreviousRemaining { get; init; }
}
