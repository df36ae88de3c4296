namespace PointsExchange.LoadTest;

/// <summary>
/// The generator's resting orders per member and pair, learnt from its own reports. An order taken for a cancel
/// or replace leaves the set until that request is answered, so no two requests ever act on one order at once
/// (and no two requests in flight share a client_order_id).
/// </summary>
internal sealed class OpenOrders(int members, int pairs)
{
    private readonly List<OpenOrder>[] _orders = [.. Enumerable.Range(0, members * pairs).Select(_ => new List<OpenOrder>())];
    private readonly Lock _gate = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add(int member, int pair, OpenOrder order)
    {
        lock (_gate)
        {
            _orders[(member * pairs) + pair].Add(order);
            _count++;
        }
    }

    /// <summary>Takes one of the member's orders on the pair (which one: <paramref name="roll"/>), or null when it has none.</summary>
    public OpenOrder? Take(int member, int pair, int roll)
    {
        lock (_gate)
        {
            var list = _orders[(member * pairs) + pair];
            if (list.Count == 0)
            {
                return null;
            }

            var i = roll % list.Count;
            var order = list[i];
            list[i] = list[^1];
            list.RemoveAt(list.Count - 1);
            _count--;
            return order;
        }
    }
}
