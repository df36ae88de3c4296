namespace PointsExchange.Ledger.Tests;

/// <summary>
/// The orders kept in memory after each commit must answer exactly as PostgreSQL does, or not at all: the
/// oracle here is the ledger's own query, asked for every order and every client order id ever used.
/// </summary>
public sealed class RecentOrdersTests : IDisposable
{
    private readonly PostgresTestDatabase _db = new();

    [Fact]
    public async Task After_random_trading_every_order_held_is_the_ledgers_row_by_id_and_by_client_order_id()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 8, funding: 1_000_000_000_000);
        await RandomTrading.RunAsync(market, seed: 21, commands: 1_500, wave: 50, clientOrderIds: true);

        var stored = await StoredAsync(market);
        Assert.True(stored.Count > 500, $"{stored.Count} orders");
        Assert.Contains(stored, o => o.Status == OrderStatus.Filled);
        Assert.Contains(stored, o => o.Status == OrderStatus.Cancelled);
        Assert.Contains(stored, o => o.Status == OrderStatus.PartiallyFilled);
        Assert.Equal(stored.Count, market.Ledger.Recent.Count);
        foreach (var order in stored)
        {
            Assert.True(market.Ledger.Recent.TryGet(order.OrderId, out var held), $"order {order.OrderId} is not held");
            Assert.Equal(order, held);
        }

        // Every client order id ever sent, including those a replace took away from its order since.
        var used = ClientOrderIdsUsed();
        Assert.True(used.Count > stored.Count(o => o.ClientOrderId is not null), "no replace gave an order a new client order id");
        foreach (var (account, clientOrderId) in used)
        {
            var inLedger = (await market.Ledger.OrdersByKeysAsync([], [account], [clientOrderId])).SingleOrDefault();
            var isHeld = market.Ledger.Recent.TryGetByClientId(account, clientOrderId, out var held);
            Assert.Equal(inLedger is not null, isHeld);
            Assert.Equal(inLedger, held);
        }
    }

    [Fact]
    public async Task After_each_answered_command_the_lookup_equals_the_ledger()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2);
        var (seller, buyer) = (market.Members[0], market.Members[1]);
        long order;
        using (var placed = await market.RunAsync(OrderCommand.Limit(0, seller, Side.Sell, 120, 10), "s-1"))
        {
            order = placed.Command.Order.OrderId;
        }

        await AssertSameAsync(market, order, seller, "s-1", OrderStatus.New);
        using (await market.RunAsync(OrderCommand.Limit(0, buyer, Side.Buy, 120, 4), "b-1"))
        {
        }

        await AssertSameAsync(market, order, seller, "s-1", OrderStatus.PartiallyFilled);
        using (await market.RunAsync(OrderCommand.Replace(order, seller, 125, 8), "s-2"))
        {
        }

        await AssertSameAsync(market, order, seller, "s-2", OrderStatus.PartiallyFilled);
        Assert.False(market.Ledger.Recent.TryGetByClientId(seller, "s-1", out _));
        Assert.Null(await market.Ledger.Lookup.ByClientIdAsync(seller, "s-1"));
        using (await market.RunAsync(OrderCommand.Amend(order, seller, 6)))
        {
        }

        await AssertSameAsync(market, order, seller, "s-2", OrderStatus.PartiallyFilled);
        using (await market.RunAsync(OrderCommand.Cancel(order, seller)))
        {
        }

        await AssertSameAsync(market, order, seller, "s-2", OrderStatus.Cancelled);
    }

    [Fact]
    public async Task A_commit_that_finds_the_pairs_epoch_taken_drops_the_pairs_orders()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2);
        long order;
        using (var placed = await market.RunAsync(OrderCommand.Limit(0, market.Members[0], Side.Sell, 120, 10), "x"))
        {
            order = placed.Command.Order.OrderId;
        }

        Assert.True(market.Ledger.Recent.TryGet(order, out _));

        // Another process takes the pair and cancels the order; this one learns it only when its next commit is fenced off.
        using (var other = _db.OpenLedger())
        {
            other.Load(market.Pair.PairId, market.Pair.Spec);
        }

        _db.Scalar("update orders set status = 4, updated_at = now() where order_id = $1", order);
        using (await market.RunAsync(OrderCommand.Limit(0, market.Members[1], Side.Buy, 100, 1)))
        {
        }

        Assert.False(market.Ledger.Recent.TryGet(order, out _));
        Assert.Equal(OrderStatus.Cancelled, (await market.Ledger.Lookup.ByIdAsync(order))!.Status);
    }

    [Fact]
    public async Task A_disowned_pair_is_not_answered_from_memory_until_owned_again()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2);
        var pair = market.Pair.PairId;
        var first = await PlaceAsync(market, 120);
        Assert.True(market.Ledger.Recent.TryGet(first, out _));

        market.Ledger.Recent.Disown(pair);
        var second = await PlaceAsync(market, 125);
        Assert.False(market.Ledger.Recent.TryGet(first, out _));
        Assert.False(market.Ledger.Recent.TryGet(second, out _));
        Assert.Equal(125L, (await market.Ledger.Lookup.ByIdAsync(second))!.Price);

        market.Ledger.Recent.Own(pair);
        var third = await PlaceAsync(market, 130);
        Assert.True(market.Ledger.Recent.TryGet(third, out var held));
        Assert.Equal(130L, held!.Price);
        Assert.False(market.Ledger.Recent.TryGet(second, out _));
    }

    [Fact]
    public async Task Past_its_capacity_it_keeps_the_newest_orders_and_the_lookup_asks_the_ledger_for_the_rest()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 8, funding: 1_000_000_000_000, recentOrders: 50);
        await RandomTrading.RunAsync(market, seed: 5, commands: 600, wave: 40);

        var stored = await StoredAsync(market);
        Assert.True(stored.Count > 100, $"{stored.Count} orders");
        Assert.Equal(50, market.Ledger.Recent.Count);
        var newest = stored.OrderByDescending(o => o.OrderId).Take(50).ToList();
        Assert.All(newest, o => Assert.True(market.Ledger.Recent.TryGet(o.OrderId, out var held) && held == o, $"order {o.OrderId}"));

        var oldest = stored.MinBy(o => o.OrderId)!;
        Assert.False(market.Ledger.Recent.TryGet(oldest.OrderId, out _));
        Assert.Equal(oldest, await market.Ledger.Lookup.ByIdAsync(oldest.OrderId));
    }

    [Fact]
    public async Task Loading_a_pair_forgets_its_orders_because_another_process_may_have_written_them()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 8, funding: 1_000_000_000_000);
        await RandomTrading.RunAsync(market, seed: 8, commands: 200, wave: 20);
        Assert.True(market.Ledger.Recent.Count > 0);

        // Another writer changes an order behind this process's back (what a second silo holding the pair could do).
        var order = (await StoredAsync(market)).First(o => o.Status is OrderStatus.New or OrderStatus.PartiallyFilled);
        _db.Scalar("update orders set status = 4, updated_at = now() where order_id = $1", order.OrderId);

        market.Restart();

        Assert.Equal(0, market.Ledger.Recent.Count);
        Assert.Equal(OrderStatus.Cancelled, (await market.Ledger.Lookup.ByIdAsync(order.OrderId))!.Status);
    }

    [Fact]
    public async Task With_no_capacity_nothing_is_held_and_the_lookup_still_answers()
    {
        using var market = await TradingScenario.CreateAsync(_db, members: 2, recentOrders: 0);
        using (await market.RunAsync(OrderCommand.Limit(0, market.Members[0], Side.Sell, 120, 3), "first"))
        {
        }

        Assert.Equal(0, market.Ledger.Recent.Count);
        var order = await market.Ledger.Lookup.ByClientIdAsync(market.Members[0], "first");
        Assert.Equal((120L, 3L, OrderStatus.New), (order!.Price, order.Quantity, order.Status));
    }

    [Fact]
    public async Task While_its_pair_commits_an_order_is_not_answered_from_memory_and_the_lookup_waits_for_the_commit()
    {
        using var ledger = new PostgresLedger(_db.Options);
        var recent = ledger.Recent;
        recent.Own(7);
        var plan = new SettlementPlan();
        plan.Pairs[7] = new PairChange();
        plan.NewOrders[42] = new OrderRow
        {
            OrderId = 42, PairId = 7, AccountId = 5, ClientOrderId = "c", Side = Side.Sell, OrderType = OrderType.Limit,
            TimeInForce = TimeInForce.Gtc, Price = 120, Quantity = 10, Status = OrderStatus.New,
        };
        recent.Apply(plan);
        Assert.True(recent.TryGet(42, out _));

        recent.BeginCommit([7]);
        Assert.False(recent.TryGet(42, out _, out var committing));
        Assert.False(recent.TryGetByClientId(5, "c", out _));
        Assert.NotNull(committing);
        Assert.False(committing.IsCompleted);
        var byId = ledger.Lookup.ByIdAsync(42);
        var byClientId = ledger.Lookup.ByClientIdAsync(5, "c");
        Assert.False(byId.IsCompleted);

        plan.Clear();
        plan.Pairs[7] = new PairChange();
        plan.OrderChanges[42] = new OrderChange { OrderId = 42, FilledDelta = 4, Status = OrderStatus.PartiallyFilled };
        recent.Apply(plan);
        recent.EndCommit([7]);

        Assert.True(committing.IsCompleted);
        Assert.Equal((4L, OrderStatus.PartiallyFilled), ((await byId)!.Filled, (await byId)!.Status));
        Assert.Equal(4L, (await byClientId)!.Filled);
        Assert.True(recent.TryGet(42, out var after, out var none));
        Assert.Null(none);
        Assert.Equal(4L, after!.Filled);
    }

    private static async Task<long> PlaceAsync(TradingScenario market, long price)
    {
        using var placed = await market.RunAsync(OrderCommand.Limit(0, market.Members[0], Side.Sell, price, 1));
        Assert.Equal(CommandStatus.Executed, placed.Status);
        return placed.Command.Order.OrderId;
    }

    /// <summary>The look-ups by id and by client order id answer from memory, and what they answer is the ledger's row.</summary>
    private static async Task AssertSameAsync(TradingScenario market, long orderId, long account, string clientOrderId, OrderStatus status)
    {
        var stored = Assert.Single(await market.Ledger.OrdersByKeysAsync([orderId], [], []));
        Assert.Equal(status, stored.Status);
        Assert.Equal(clientOrderId, stored.ClientOrderId);
        Assert.True(market.Ledger.Recent.TryGet(orderId, out var held));
        Assert.Equal(stored, held);
        Assert.True(market.Ledger.Recent.TryGetByClientId(account, clientOrderId, out var byClientId));
        Assert.Equal(stored, byClientId);
    }

    private static async Task<List<OrderRecord>> StoredAsync(TradingScenario market)
    {
        var all = new List<OrderRecord>();
        foreach (var account in market.Members)
        {
            all.AddRange(await market.Ledger.ListOrdersAsync(account, null, openOnly: false, limit: 100_000, beforeOrderId: long.MaxValue));
        }

        Assert.Equal(market.Database.Count("orders"), all.Count);
        return all;
    }

    private List<(long Account, string ClientOrderId)> ClientOrderIdsUsed()
    {
        var used = new List<(long, string)>();
        using var connection = new Npgsql.NpgsqlConnection(_db.ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(
            "select distinct account_id, client_order_id from command_journal where client_order_id is not null", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            used.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return used;
    }

    public void Dispose() => _db.Dispose();
}
