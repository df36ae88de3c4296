using System.Collections.Concurrent;

namespace PointsExchange.Ledger;

/// <summary>
/// The orders this process settled lately, as the ledger holds them after each commit. A cancel or a replace
/// first reads the order it names (its pair, its owner, whether it is still open); found here, that costs no
/// query. At 10,000 orders a second a third of them were cancels and replaces, and their look-ups kept a
/// PostgreSQL backend busy for 16 % of a core (docs/performance.md, section 14).
/// <para>
/// It answers as PostgreSQL would because it is written where the ledger is: <see cref="PostgresLedger.Commit"/>
/// applies each batch's plan right after the batch's COMMIT and before the engine answers anyone in the batch,
/// so what a caller was told is here as it is in the ledger. A miss says nothing: the caller asks PostgreSQL.
/// Bounded: past <c>capacity</c> orders, the one that arrived first leaves first, open or not.
/// </para>
/// <para>
/// Only this process's own commits are applied. Another process that takes a pair (a higher fencing epoch)
/// writes its orders where this one cannot see, so a pair's entries are forgotten when this process loads the
/// pair and when a commit finds the pair's epoch taken.
/// </para>
/// </summary>
public sealed class RecentOrders
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<long, OrderRecord> _orders = new();
    private readonly ConcurrentDictionary<(long AccountId, string ClientOrderId), long> _clientIds = new();
    private readonly ConcurrentQueue<long> _arrivals = new();

    /// <param name="capacity">Orders kept at most; 0 keeps none (every look-up asks PostgreSQL).</param>
    public RecentOrders(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    /// <summary>Orders held now.</summary>
    public int Count => _orders.Count;

    public bool TryGet(long orderId, out OrderRecord? order) => _orders.TryGetValue(orderId, out order);

    public bool TryGetByClientId(long accountId, string clientOrderId, out OrderRecord? order)
    {
        order = null;
        return _clientIds.TryGetValue((accountId, clientOrderId), out var orderId) && _orders.TryGetValue(orderId, out order);
    }

    /// <summary>What a committed batch did to orders. Called by one commit thread per shard; a pair is on one shard.</summary>
    internal void Apply(SettlementPlan plan)
    {
        if (_capacity == 0)
        {
            return;
        }

        foreach (var row in plan.NewOrders.Values)
        {
            _orders[row.OrderId] = new OrderRecord(row.OrderId, row.PairId, row.AccountId, row.ClientOrderId, row.Side, row.OrderType,
                row.TimeInForce, row.PostOnly, row.Stp, row.Price, row.Quantity, row.Filled, row.Status, row.CreatedAt, row.UpdatedAt);
            if (row.ClientOrderId is not null)
            {
                _clientIds[(row.AccountId, row.ClientOrderId)] = row.OrderId;
            }

            _arrivals.Enqueue(row.OrderId);
        }

        foreach (var change in plan.OrderChanges.Values)
        {
            // An order placed before this process started, or already evicted: PostgreSQL answers for it.
            if (!_orders.TryGetValue(change.OrderId, out var before))
            {
                continue;
            }

            var after = before with
            {
                ClientOrderId = change.ClientOrderId ?? before.ClientOrderId,
                Price = change.Price ?? before.Price,
                Quantity = change.Quantity ?? before.Quantity,
                Filled = before.Filled + change.FilledDelta,
                Status = change.Status ?? before.Status,
                UpdatedAt = change.UpdatedAt,
            };
            if (after.ClientOrderId != before.ClientOrderId)
            {
                // A replace with a new client order id: the ledger's row no longer answers to the old one.
                ForgetClientId(before);
                _clientIds[(after.AccountId, after.ClientOrderId!)] = after.OrderId;
            }

            _orders[after.OrderId] = after;
        }

        while (_arrivals.Count > _capacity && _arrivals.TryDequeue(out var oldest))
        {
            Forget(oldest);
        }
    }

    /// <summary>Drops every order of the pair: another process may have written them since.</summary>
    internal void ForgetPair(int pairId)
    {
        foreach (var (orderId, order) in _orders)
        {
            if (order.PairId == pairId)
            {
                Forget(orderId);
            }
        }
    }

    private void Forget(long orderId)
    {
        if (_orders.TryRemove(orderId, out var order))
        {
            ForgetClientId(order);
        }
    }

    private void ForgetClientId(OrderRecord order)
    {
        if (order.ClientOrderId is not null)
        {
            _clientIds.TryRemove(KeyValuePair.Create((order.AccountId, order.ClientOrderId), order.OrderId));
        }
    }
}
