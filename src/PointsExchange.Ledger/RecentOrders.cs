using System.Collections.Concurrent;
using PointsExchange.Matching;

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
/// <para>
/// Held in flat arrays of structs (a ring of slots by arrival, client order ids in a character array, two
/// <see cref="LongIndex"/> maps), not as an object per order: every order would otherwise survive a few collections
/// and be copied into the older generations, and at 10,000 orders a second those copies made most of what the
/// server's GC promoted and most of its pause (docs/performance.md, section 15). Writers (the commits, loads and
/// unloads) take turns on a lock, once per batch; readers take no lock: each slot has a version, odd while written,
/// read before and after the slot is copied.
/// </para>
/// </summary>
public sealed class RecentOrders
{
    /// <summary>Characters of a client order id held at most (the API's limit); an order with a longer one is not held.</summary>
    public const int MaxClientIdLength = 64;

    /// <summary>Orders held at most (their client order ids' characters must fit one array).</summary>
    public const int MaxCapacity = 1 << 24;

    // The arrays start this size and grow fourfold as orders arrive, up to the capacity: a process that settles little holds
    // little, and one that settles much is done growing soon (each growth leaves large arrays for a full collection).
    private const int FirstSize = 1_024;
    private const int Growth = 4;

    private readonly int _capacity;
    private readonly Lock _writing = new();
    private readonly ConcurrentDictionary<int, PairState> _pairs = new();
    private Store _store;
    private long _arrivals;
    private int _count;

    /// <param name="capacity">Orders kept at most; 0 keeps none (every look-up asks PostgreSQL).</param>
    public RecentOrders(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _capacity = capacity;
        _store = new Store(Math.Min(capacity, FirstSize));
    }

    /// <summary>Orders held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Keys in the two indexes (for tests: one per order held, and one per client order id held).</summary>
    internal (int ById, int ByClientId) IndexedKeys
    {
        get
        {
            lock (_writing)
            {
                return (_store.ById.Count, _store.ByClientId.Count);
            }
        }
    }

    public bool TryGet(long orderId, out OrderRecord? order) => TryGet(orderId, out order, out _);

    /// <summary>
    /// The order as committed, or false: with <paramref name="committing"/> set when its pair is committing a batch
    /// right now (ask again once it completes, in a millisecond or two), else a miss.
    /// </summary>
    public bool TryGet(long orderId, out OrderRecord? order, out Task? committing) =>
        TryFind(orderId, 0, null, out order, out committing);

    public bool TryGetByClientId(long accountId, string clientOrderId, out OrderRecord? order) =>
        TryGetByClientId(accountId, clientOrderId, out order, out _);

    /// <inheritdoc cref="TryGet(long, out OrderRecord?, out Task?)"/>
    public bool TryGetByClientId(long accountId, string clientOrderId, out OrderRecord? order, out Task? committing) =>
        TryFind(0, accountId, clientOrderId, out order, out committing);

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

    /// <summary>What a committed batch did to orders. Called by the commit thread of each shard; a pair is on one shard.</summary>
    internal void Apply(SettlementPlan plan)
    {
        if (_capacity == 0)
        {
            return;
        }

        lock (_writing)
        {
            foreach (var row in plan.NewOrders.Values)
            {
                if (IsOwned(row.PairId) && (row.ClientOrderId?.Length ?? 0) <= MaxClientIdLength)
                {
                    Add(row);
                }
            }

            foreach (var change in plan.OrderChanges.Values)
            {
                Change(change);
            }
        }
    }

    /// <summary>Drops every order of the pairs: one scan of all held (rare: on loads, fencing failures, doubtful commits).</summary>
    internal void ForgetPairs(ICollection<int> pairIds)
    {
        lock (_writing)
        {
            var store = _store;
            for (var i = 0; i < store.Slots.Length; i++)
            {
                if (store.Slots[i].Arrival != 0 && pairIds.Contains(store.Slots[i].PairId))
                {
                    Forget(store, i);
                }
            }
        }
    }

    private bool TryFind(long orderId, long accountId, string? clientOrderId, out OrderRecord? order, out Task? committing)
    {
        order = null;
        committing = null;
        var store = Volatile.Read(ref _store);
        if (store.Slots.Length == 0)
        {
            return false;
        }

        var arrival = clientOrderId is null ? store.ById.Find(orderId) : store.ByClientId.Find(ClientKey(accountId, clientOrderId));
        Span<char> chars = stackalloc char[MaxClientIdLength];
        if (arrival <= 0 || !TryRead(store, arrival, orderId, accountId, clientOrderId, chars, out var seen)
            || !_pairs.TryGetValue(seen.PairId, out var pair) || !pair.Owned)
        {
            return false;
        }

        var version = Volatile.Read(ref pair.Version);
        if ((version & 1) != 0)
        {
            committing = WhenCommitted(pair);
            return false;
        }

        // Read again inside the pair's version: what was read before may predate a commit that ended since.
        if (!TryRead(store, arrival, orderId, accountId, clientOrderId, chars, out var current))
        {
            return false;
        }

        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref pair.Version) != version)
        {
            committing = WhenCommitted(pair);
            return false;
        }

        // Grown meanwhile: the slots read are no longer written, and may be behind.
        if (Volatile.Read(ref _store) != store)
        {
            return false;
        }

        var text = current.ClientIdLength < 0 ? null : clientOrderId ?? new string(chars[..current.ClientIdLength]);
        order = new OrderRecord(current.OrderId, current.PairId, current.AccountId, text, current.Side, current.Type, current.TimeInForce,
            current.PostOnly, current.Stp, current.Price, current.Quantity, current.Filled, current.Status, current.CreatedAt, current.UpdatedAt);
        return true;
    }

    /// <summary>
    /// A consistent copy of the slot of <paramref name="arrival"/> (its client order id into <paramref name="chars"/>),
    /// if it still holds that arrival and the order asked for (by id, or by account and client order id).
    /// </summary>
    private static bool TryRead(Store store, long arrival, long orderId, long accountId, string? clientOrderId, Span<char> chars, out Slot read)
    {
        var index = store.IndexOf(arrival);
        ref var slot = ref store.Slots[index];
        var version = Volatile.Read(ref slot.Version);
        read = slot;
        var length = read.ClientIdLength;
        if ((version & 1) != 0 || length < -1 || length > MaxClientIdLength)
        {
            return false; // being written (a length out of range: a copy torn by a write)
        }

        var clientId = chars[..Math.Max(length, 0)];
        store.ClientId(index, clientId.Length).CopyTo(clientId);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref slot.Version) != version || read.Arrival != arrival)
        {
            return false;
        }

        return clientOrderId is null
            ? read.OrderId == orderId
            : read.AccountId == accountId && length > 0 && clientId.SequenceEqual(clientOrderId);
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

    // Writer side: called under _writing.

    private void Add(OrderRow row)
    {
        var arrival = ++_arrivals;
        var store = _store;
        if (arrival > store.Slots.Length && store.Slots.Length < _capacity)
        {
            store = Grow(store);
        }

        var index = store.IndexOf(arrival);
        if (store.Slots[index].Arrival != 0)
        {
            Forget(store, index); // the oldest arrival leaves
        }

        ref var slot = ref store.Slots[index];
        BeginWrite(ref slot);
        slot.Arrival = arrival;
        slot.OrderId = row.OrderId;
        slot.PairId = row.PairId;
        slot.AccountId = row.AccountId;
        slot.Side = row.Side;
        slot.Type = row.OrderType;
        slot.TimeInForce = row.TimeInForce;
        slot.PostOnly = row.PostOnly;
        slot.Stp = row.Stp;
        slot.Price = row.Price;
        slot.Quantity = row.Quantity;
        slot.Filled = row.Filled;
        slot.Status = row.Status;
        slot.CreatedAt = row.CreatedAt;
        slot.UpdatedAt = row.UpdatedAt;
        WriteClientId(store, index, ref slot, row.ClientOrderId);
        EndWrite(ref slot);
        _count++;

        store.ById.Set(row.OrderId, arrival);
        if (row.ClientOrderId is { Length: > 0 } clientId)
        {
            store.ByClientId.Set(ClientKey(row.AccountId, clientId), arrival);
        }
    }

    private void Change(OrderChange change)
    {
        // An order placed before this process started, or already evicted: PostgreSQL answers for it.
        var store = _store;
        var arrival = store.ById.Find(change.OrderId);
        if (arrival <= 0)
        {
            return;
        }

        var index = store.IndexOf(arrival);
        ref var slot = ref store.Slots[index];
        if (!IsOwned(slot.PairId))
        {
            return;
        }

        var newClientId = change.ClientOrderId is { } id && (slot.ClientIdLength < 0 || !store.ClientId(index, slot.ClientIdLength).SequenceEqual(id))
            ? id : null;
        if (newClientId is { Length: > MaxClientIdLength })
        {
            Forget(store, index);
            return;
        }

        var oldClientKey = store.ClientKeyAt(index);
        BeginWrite(ref slot);
        slot.Price = change.Price ?? slot.Price;
        slot.Quantity = change.Quantity ?? slot.Quantity;
        slot.Filled += change.FilledDelta;
        slot.Status = change.Status ?? slot.Status;
        slot.UpdatedAt = change.UpdatedAt;
        if (newClientId is not null)
        {
            WriteClientId(store, index, ref slot, newClientId);
        }

        EndWrite(ref slot);

        if (newClientId is not null)
        {
            // A replace with a new client order id: the ledger's row no longer answers to the old one. The old key
            // leaves first, so the index never needs room for more keys than there are slots.
            if (oldClientKey != 0)
            {
                store.ByClientId.Remove(oldClientKey, arrival);
            }

            if (newClientId.Length > 0)
            {
                store.ByClientId.Set(ClientKey(slot.AccountId, newClientId), arrival);
            }
        }
    }

    private void Forget(Store store, int index)
    {
        ref var slot = ref store.Slots[index];
        var arrival = slot.Arrival;
        store.ById.Remove(slot.OrderId, arrival);
        if (store.ClientKeyAt(index) is var clientKey and not 0)
        {
            store.ByClientId.Remove(clientKey, arrival);
        }

        BeginWrite(ref slot);
        slot.Arrival = 0;
        EndWrite(ref slot);
        _count--;
    }

    /// <summary>More slots (at most the capacity), the same arrivals in them; published before any further write.</summary>
    private Store Grow(Store store)
    {
        var grown = new Store((int)Math.Min(_capacity, (long)Growth * store.Slots.Length));
        Array.Copy(store.Slots, grown.Slots, store.Slots.Length);
        Array.Copy(store.ClientIds, grown.ClientIds, store.ClientIds.Length);
        for (var i = 0; i < store.Slots.Length; i++)
        {
            ref var slot = ref grown.Slots[i];
            if (slot.Arrival != 0)
            {
                grown.ById.Set(slot.OrderId, slot.Arrival);
                if (grown.ClientKeyAt(i) is var clientKey and not 0)
                {
                    grown.ByClientId.Set(clientKey, slot.Arrival);
                }
            }
        }

        Volatile.Write(ref _store, grown);
        return grown;
    }

    private static void WriteClientId(Store store, int index, ref Slot slot, string? clientId)
    {
        slot.ClientIdLength = clientId?.Length ?? -1;
        clientId.AsSpan().CopyTo(store.ClientId(index, MaxClientIdLength));
    }

    // The version goes odd with a full fence (no field write moves above it), even with a release (none moves below).
    private static void BeginWrite(ref Slot slot) => Interlocked.Increment(ref slot.Version);

    private static void EndWrite(ref Slot slot) => Volatile.Write(ref slot.Version, slot.Version + 1);

    /// <summary>The key of an account's client order id: FNV-1a over the characters, mixed with the account; never 0.</summary>
    private static long ClientKey(long accountId, ReadOnlySpan<char> clientId)
    {
        var hash = 14695981039346656037UL ^ unchecked((ulong)accountId * 0x9E3779B97F4A7C15UL);
        foreach (var c in clientId)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash == 0 ? 1 : (long)hash;
    }

    private bool IsOwned(int pairId) => _pairs.TryGetValue(pairId, out var pair) && pair.Owned;

    private PairState State(int pairId) => _pairs.GetOrAdd(pairId, _ => new PairState());

    /// <summary>One size of the arrays; replaced, never resized, when it grows.</summary>
    private sealed class Store(int slots)
    {
        public readonly Slot[] Slots = new Slot[slots];
        public readonly char[] ClientIds = new char[slots * MaxClientIdLength];
        public readonly LongIndex ById = new(slots);
        public readonly LongIndex ByClientId = new(slots);

        /// <summary>The slot an arrival goes to: the ring wraps once the arrays are at the capacity.</summary>
        public int IndexOf(long arrival) => (int)((arrival - 1) % Slots.Length);

        public Span<char> ClientId(int index, int length) => ClientIds.AsSpan(index * MaxClientIdLength, length);

        /// <summary>The client-id key of the order in the slot; 0 when it has no client order id (or an empty one).</summary>
        public long ClientKeyAt(int index) =>
            Slots[index].ClientIdLength > 0 ? ClientKey(Slots[index].AccountId, ClientId(index, Slots[index].ClientIdLength)) : 0;
    }

    /// <summary>One order as committed. <see cref="Arrival"/> 0: empty.</summary>
    private struct Slot
    {
        public int Version;
        public int PairId;
        public long Arrival;
        public long OrderId;
        public long AccountId;
        public long Price;
        public long Quantity;
        public long Filled;
        public DateTime CreatedAt;
        public DateTime UpdatedAt;
        public OrderStatus Status;
        public Side Side;
        public OrderType Type;
        public TimeInForce TimeInForce;
        public SelfTradePrevention Stp;
        public bool PostOnly;

        /// <summary>-1: none.</summary>
        public int ClientIdLength;
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
