using System.Collections.Concurrent;

namespace PointsExchange.Ledger;

/// <summary>
/// The orders this process settled lately, as the ledger holds them after each commit. A cancel or a replace
/// first reads the order it names (its pair, its owner, whether it is still open); found here, that costs no
/// query. At 10,000 orders a second a third of them were cancels and replaces, and their look-ups kept a
/// PostgreSQL backend busy for 16 % of a core (docs/performance.md, section 14).
/// <para>
/// It answers as PostgreSQL would, or not at all (a miss: the caller asks PostgreSQL):
/// <list type="bullet">
/// <item><see cref="PostgresLedger.Commit"/> applies each batch's plan right after its COMMIT and before the
/// engine answers anyone in the batch, so what a caller was told is here as it is in the ledger.</item>
/// <item>While a pair's batch is between its COMMIT and that application, the pair's orders are misses: a reader
/// who saw the new row in PostgreSQL must not be shown the old one here (a version per pair, odd meanwhile,
/// read before and after the entry as a sequence lock).</item>
/// <item>Only pairs this process owns are answered: from its load of the pair (which takes the pair's fencing
/// epoch), or the pair's grain coming back to it, until the grain leaves this silo or a commit finds the epoch
/// taken. Another process that took the pair writes where this one cannot see.</item>
/// </list>
/// Bounded: past <c>capacity</c> orders, the one that arrived first leaves first, open or not.
/// </para>
/// </summary>
public sealed class RecentOrders
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<long, OrderRecord> _orders = new();
    private readonly ConcurrentDictionary<(long AccountId, string ClientOrderId), long> _clientIds = new();
    private readonly ConcurrentQueue<long> _arrivals = new();
    private readonly ConcurrentDictionary<int, PairState> _pairs = new();

    /// <param name="capacity">Orders kept at most; 0 keeps none (every look-up asks PostgreSQL).</param>
    public RecentOrders(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    /// <summary>Orders held now.</summary>
    public int Count => _orders.Count;

    public bool TryGet(long orderId, out OrderRecord? order) => TryGet(orderId, out order, out _);

    /// <summary>
    /// The order as committed, or false: with <paramref name="committing"/> set when its pair is committing a batch
    /// right now (ask again once it completes, in a millisecond or two), else a miss.
    /// </summary>
    public bool TryGet(long orderId, out OrderRecord? order, out Task? committing)
    {
        committing = null;
        order = null;
        return _orders.TryGetValue(orderId, out var seen) && _pairs.TryGetValue(seen.PairId, out var pair)
            && TryGetCurrent(pair, orderId, out order, out committing);
    }

    public bool TryGetByClientId(long accountId, string clientOrderId, out OrderRecord? order) =>
        TryGetByClientId(accountId, clientOrderId, out order, out _);

    /// <inheritdoc cref="TryGet(long, out OrderRecord?, out Task?)"/>
    public bool TryGetByClientId(long accountId, string clientOrderId, out OrderRecord? order, out Task? committing)
    {
        order = null;
        committing = null;
        // The key may lead to an order whose client order id a replace is changing right now: only a match counts.
        return _clientIds.TryGetValue((accountId, clientOrderId), out var orderId) && TryGet(orderId, out order, out committing)
            && order!.AccountId == accountId && order.ClientOrderId == clientOrderId;
    }

    /// <summary>
    /// This process holds the pair: it loaded it (taking its epoch), or the pair's grain came back to it. What it knew
    /// of the pair's orders before is dropped, and its commits are kept from now on: each passed the pair's fence, so
    /// what it wrote was the pair's latest.
    /// </summary>
    public void Own(int pairId)
    {
        var pair = State(pairId);
        pair.Owned = false;
        ForgetPairs([pairId]);
        pair.Owned = true;
    }

    /// <summary>Another process may write the pair from now on: its orders are dropped and no longer kept.</summary>
    public void Disown(int pairId) => Disown([pairId]);

    /// <inheritdoc cref="Disown(int)"/>
    internal void Disown(ICollection<int> pairIds)
    {
        foreach (var pairId in pairIds)
        {
            State(pairId).Owned = false;
        }

        ForgetPairs(pairIds);
    }

    /// <summary>Called just before a batch's COMMIT is sent: its pairs' orders are misses until <see cref="EndCommit"/>.</summary>
    internal void BeginCommit(IEnumerable<int> pairIds)
    {
        foreach (var pairId in pairIds)
        {
            Interlocked.Increment(ref State(pairId).Version);
        }
    }

    internal void EndCommit(IEnumerable<int> pairIds)
    {
        foreach (var pairId in pairIds)
        {
            var pair = State(pairId);
            Interlocked.Increment(ref pair.Version);
            Interlocked.Exchange(ref pair.Waiters, null)?.TrySetResult();
        }
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
            if (!IsOwned(row.PairId))
            {
                continue;
            }

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
            if (!_orders.TryGetValue(change.OrderId, out var before) || !IsOwned(before.PairId))
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

            // Only over the entry read: another shard's commit may have evicted it meanwhile, and it must stay out.
            if (!_orders.TryUpdate(after.OrderId, after, before))
            {
                continue;
            }

            if (after.ClientOrderId != before.ClientOrderId)
            {
                // A replace with a new client order id: the ledger's row no longer answers to the old one.
                _clientIds[(after.AccountId, after.ClientOrderId!)] = after.OrderId;
                ForgetClientId(before);
            }
        }

        while (_arrivals.Count > _capacity && _arrivals.TryDequeue(out var oldest))
        {
            Forget(oldest);
        }
    }

    /// <summary>Drops every order of the pairs: one scan of all held (rare: on loads, fencing failures, doubtful commits).</summary>
    internal void ForgetPairs(ICollection<int> pairIds)
    {
        foreach (var (orderId, order) in _orders)
        {
            if (pairIds.Contains(order.PairId))
            {
                Forget(orderId);
            }
        }
    }

    private bool TryGetCurrent(PairState pair, long orderId, out OrderRecord? order, out Task? committing)
    {
        order = null;
        committing = null;
        if (!pair.Owned)
        {
            return false;
        }

        var version = Volatile.Read(ref pair.Version);
        if ((version & 1) != 0)
        {
            committing = WhenCommitted(pair);
            return false;
        }

        if (!_orders.TryGetValue(orderId, out var current))
        {
            return false;
        }

        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref pair.Version) != version)
        {
            committing = WhenCommitted(pair);
            return false;
        }

        order = current;
        return true;
    }

    /// <summary>Completes when the pair's commit in progress has been applied (at once if it already has).</summary>
    private static Task WhenCommitted(PairState pair)
    {
        var waiters = Volatile.Read(ref pair.Waiters);
        if (waiters is null)
        {
            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters = Interlocked.CompareExchange(ref pair.Waiters, created, null) ?? created;
        }

        // EndCommit moves the version on before it takes the waiters: a version moved on here may have missed them.
        return (Volatile.Read(ref pair.Version) & 1) != 0 ? waiters.Task : Task.CompletedTask;
    }

    private bool IsOwned(int pairId) => _pairs.TryGetValue(pairId, out var pair) && pair.Owned;

    private PairState State(int pairId) => _pairs.GetOrAdd(pairId, _ => new PairState());

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

    private sealed class PairState
    {
        /// <summary>Odd while a batch of the pair is between its COMMIT and its application here.</summary>
        public long Version;

        public volatile bool Owned;

        /// <summary>Look-ups waiting for the commit in progress, completed by <see cref="EndCommit"/>.</summary>
        public TaskCompletionSource? Waiters;
    }
}
