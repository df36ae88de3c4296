namespace PointsExchange.Matching;

/// <summary>
/// A 64-bit running hash over a sequence of integers, order-sensitive. The book and every book that
/// must agree with it (the reference book in the tests, a book rebuilt from the ledger) feed it the
/// same values in the same order: the definition of "same state" lives here, once.
/// </summary>
public struct StateHasher
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private ulong _hash;

    public StateHasher()
    {
        _hash = 0x27D4EB2F165667C5UL;
    }

    public void Add(long value)
    {
        _hash ^= (ulong)value * Prime2;
        _hash = ((_hash << 31) | (_hash >> 33)) * Prime1;
    }

    public readonly ulong Finish()
    {
        var h = _hash;
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        return h;
    }

    /// <summary>
    /// The canonical walk: <paramref name="lastTradeId"/>, then for each side (BUY then SELL), each level
    /// from best to worst (its price and order count), each order in time priority.
    /// </summary>
    public void AddHeader(long lastTradeId) => Add(lastTradeId);

    public void AddSide(Side side) => Add(-(long)side);

    public void AddLevel(long price, int orderCount)
    {
        Add(price);
        Add(orderCount);
    }

    public void AddOrder(long orderId, long accountId, long quantity, long filled)
    {
        Add(orderId);
        Add(accountId);
        Add(quantity);
        Add(filled);
    }
}
