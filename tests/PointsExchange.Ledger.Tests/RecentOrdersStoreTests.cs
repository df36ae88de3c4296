namespace PointsExchange.Ledger.Tests;

/// <summary>
/// The flat storage under <see cref="RecentOrders"/>, without a database: growth past its first arrays, eviction
/// in arrival order, client order ids that move, the index's deletions, and readers that run while a writer writes.
/// The model is a plain dictionary of what the plans said.
/// </summary>
public sealed class RecentOrdersStoreTests
{
    private const int Pair = 3;

    [Fact]
    public void Past_its_first_arrays_and_past_its_capacity_it_holds_exactly_the_newest_orders_as_last_changed()
    {
        const int capacity = 5_000; // the arrays start at 1,024 slots and grow twice (to 4,096, then 5,000) before they wrap
        var recent = new RecentOrders(capacity);
        recent.Own(Pair);
        var random = new Random(11);
        var model = new Dictionary<long, OrderRecord>();
        var arrivals = new List<long>();
        var retiredClientIds = new List<(long Account, string ClientId)>();
        long nextId = 1;
        for (var batch = 0; batch < 120; batch++)
        {
            var plan = new SettlementPlan();
            plan.Pairs[Pair] = new PairChange();
            for (var i = 0; i < 100; i++)
            {
                var id = nextId++;
                var row = NewRow(id, random);
                plan.NewOrders[id] = row;
                model[id] = Record(row);
                arrivals.Add(id);
            }

            // Changes to held orders: fills, and replaces that give some of them a new client order id.
            foreach (var id in arrivals.TakeLast(capacity).OrderBy(_ => random.Next()).Take(40))
            {
                var before = model[id];
                var newClientId = random.Next(3) == 0 ? $"r-{id}-{batch}" : null;
                plan.OrderChanges[id] = new OrderChange
                {
                    OrderId = id, FilledDelta = 1, Status = OrderStatus.PartiallyFilled, Price = before.Price + 1, ClientOrderId = newClientId,
                    UpdatedAt = before.UpdatedAt.AddSeconds(1),
                };
                if (newClientId is not null && before.ClientOrderId is not null)
                {
                    retiredClientIds.Add((before.AccountId, before.ClientOrderId));
                }

                model[id] = before with
                {
                    Filled = before.Filled + 1,
                    Status = OrderStatus.PartiallyFilled,
                    Price = before.Price + 1,
                    ClientOrderId = newClientId ?? before.ClientOrderId,
                    UpdatedAt = before.UpdatedAt.AddSeconds(1),
                };
            }

            recent.Apply(plan);
            if (arrivals.Count == 4_500)
            {
                AssertHeld(recent, model, arrivals); // grown twice, not yet wrapped
            }
        }

        AssertHeld(recent, model, arrivals.TakeLast(capacity).ToList());
        foreach (var id in arrivals.Take(arrivals.Count - capacity))
        {
            Assert.False(recent.TryGet(id, out _), $"evicted order {id}");
            if (model[id].ClientOrderId is { } clientId)
            {
                Assert.False(recent.TryGetByClientId(model[id].AccountId, clientId, out _), $"evicted order {id} by '{clientId}'");
            }
        }

        Assert.NotEmpty(retiredClientIds);
        Assert.All(retiredClientIds, key => Assert.False(recent.TryGetByClientId(key.Account, key.ClientId, out _), $"retired '{key.ClientId}'"));
    }

    [Fact]
    public void A_full_ring_of_orders_with_client_ids_takes_replaces_that_change_them()
    {
        // A power of two, as the default capacity is: the client-id index then has room for exactly one key per slot.
        const int capacity = 1_024;
        var recent = new RecentOrders(capacity);
        recent.Own(Pair);
        var random = new Random(9);
        var model = new Dictionary<long, OrderRecord>();
        var plan = new SettlementPlan();
        for (long id = 1; id <= 3 * capacity; id++)
        {
            var row = NewRow(id, random);
            // Empty ids (held, never looked up by) only among the orders that leave: the orders that stay all have one.
            row.ClientOrderId = id % 100 == 0 && id <= 2 * capacity ? "" : $"c-{id}";
            plan.NewOrders[id] = row;
            model[id] = Record(row);
        }

        recent.Apply(plan);
        var held = model.Keys.Order().TakeLast(capacity).ToList();
        plan.Clear();
        foreach (var id in held.Take(500))
        {
            plan.OrderChanges[id] = new OrderChange { OrderId = id, ClientOrderId = $"n-{id}", UpdatedAt = model[id].UpdatedAt };
            model[id] = model[id] with { ClientOrderId = $"n-{id}" };
        }

        recent.Apply(plan);

        AssertHeld(recent, model, held);
        Assert.All(held.Take(500), id => Assert.False(recent.TryGetByClientId(model[id].AccountId, $"c-{id}", out _), $"old id of {id}"));
    }

    [Fact]
    public void Forgetting_a_pair_leaves_the_other_pairs_orders_and_the_count_right()
    {
        var recent = new RecentOrders(10_000);
        recent.Own(1);
        recent.Own(2);
        var plan = new SettlementPlan();
        var random = new Random(5);
        for (long id = 1; id <= 2_000; id++)
        {
            plan.NewOrders[id] = NewRow(id, random, pairId: (int)(id % 2) + 1);
        }

        recent.Apply(plan);
        Assert.Equal(2_000, recent.Count);

        recent.Disown(2);

        Assert.Equal(1_000, recent.Count);
        Assert.Equal((1_000, plan.NewOrders.Values.Count(o => o.PairId == 1 && o.ClientOrderId is not null)), recent.IndexedKeys);
        for (long id = 1; id <= 2_000; id++)
        {
            Assert.Equal(id % 2 == 0, recent.TryGet(id, out _));
        }
    }

    [Fact]
    public async Task Readers_never_see_an_order_half_written()
    {
        var recent = new RecentOrders(1_000);
        recent.Own(Pair);
        var plan = new SettlementPlan();
        plan.NewOrders[1] = NewRow(1, new Random(1));
        var first = plan.NewOrders[1];
        first.Price = 1_000;
        first.Quantity = 1_000_000;
        first.Filled = 0;
        recent.Apply(plan);

        // Every change keeps price - filled = 1,000: a copy torn by a write would break it.
        const int changes = 200_000;
        var torn = 0;
        var reads = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            long lastFilled = 0;
            while (!stop.IsCancellationRequested)
            {
                if (recent.TryGet(1, out var order))
                {
                    Interlocked.Increment(ref reads);
                    if (order!.Price - order.Filled != 1_000 || order.Filled < lastFilled)
                    {
                        Interlocked.Increment(ref torn);
                    }

                    lastFilled = order.Filled;
                }
            }
        })).ToList();

        // The readers are running before the first change, and the writer gives them the core now and then (two cores here).
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref reads) > 0, TimeSpan.FromSeconds(30)));
        var change = new SettlementPlan();
        for (var i = 1; i <= changes; i++)
        {
            if (i % 1_000 == 0)
            {
                Thread.Yield();
            }

            change.Clear();
            change.OrderChanges[1] = new OrderChange { OrderId = 1, FilledDelta = 1, Price = 1_000 + i, UpdatedAt = DateTime.UnixEpoch };
            recent.Apply(change);
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.True(reads > 0);
        Assert.Equal(0, torn);
        Assert.True(recent.TryGet(1, out var last));
        Assert.Equal((1_000L + changes, (long)changes), (last!.Price, last.Filled));
    }

    [Fact]
    public void The_index_finds_what_a_dictionary_finds_through_adds_replacements_and_removals()
    {
        var index = new LongIndex(512);
        var model = new Dictionary<long, long>();
        var random = new Random(3);
        for (var step = 0; step < 200_000; step++)
        {
            // Keys set and removed at random in a small table, its end wrapped around, stale removals among them.
            var key = random.Next(1, 700) * 1_024L;
            if (random.Next(3) != 0 && model.Count < 512)
            {
                var value = random.Next(1, 1_000_000);
                index.Set(key, value);
                model[key] = value;
            }
            else if (model.TryGetValue(key, out var value))
            {
                var stale = random.Next(4) == 0;
                index.Remove(key, stale ? value + 1 : value); // a stale value removes nothing
                if (!stale)
                {
                    model.Remove(key);
                }
            }

            Assert.Equal(model.GetValueOrDefault(key, -1), index.Find(key));
            Assert.Equal(model.Count, index.Count);
        }

        for (var key = 1_024L; key < 700 * 1_024L; key += 1_024)
        {
            Assert.Equal(model.GetValueOrDefault(key, -1), index.Find(key));
        }
    }

    /// <summary>Exactly these orders are held, as the model has them, by id and by client order id, and the indexes hold nothing else.</summary>
    private static void AssertHeld(RecentOrders recent, Dictionary<long, OrderRecord> model, List<long> held)
    {
        Assert.Equal(held.Count, recent.Count);
        Assert.Equal((held.Count, held.Count(id => model[id].ClientOrderId is { Length: > 0 })), recent.IndexedKeys);
        foreach (var id in held)
        {
            var expected = model[id];
            Assert.True(recent.TryGet(id, out var byId), $"order {id}");
            Assert.Equal(expected, byId);
            if (expected.ClientOrderId is { Length: > 0 } clientId)
            {
                Assert.True(recent.TryGetByClientId(expected.AccountId, clientId, out var byClientId), $"order {id} by '{clientId}'");
                Assert.Equal(expected, byClientId);
            }
        }
    }

    private static OrderRow NewRow(long id, Random random, int pairId = Pair) => new()
    {
        OrderId = id, PairId = pairId, AccountId = 100 + random.Next(20), ClientOrderId = random.Next(4) == 0 ? null : $"c-{id}",
        Side = random.Next(2) == 0 ? Matching.Side.Buy : Matching.Side.Sell, OrderType = Matching.OrderType.Limit,
        TimeInForce = Matching.TimeInForce.Gtc, Price = 100 + random.Next(50), Quantity = 10 + random.Next(90), Status = OrderStatus.New,
        CreatedAt = DateTime.UnixEpoch.AddSeconds(id), UpdatedAt = DateTime.UnixEpoch.AddSeconds(id),
    };

    private static OrderRecord Record(OrderRow r) => new(r.OrderId, r.PairId, r.AccountId, r.ClientOrderId, r.Side, r.OrderType,
        r.TimeInForce, r.PostOnly, r.Stp, r.Price, r.Quantity, r.Filled, r.Status, r.CreatedAt, r.UpdatedAt);
}
