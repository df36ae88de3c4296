using Grpc.Core;
using Npgsql;

namespace PointsExchange.Server.Tests;

/// <summary>Every row of API.md's error table, triggered for real, answers its code with a message naming the field or reason.</summary>
public sealed class ErrorTableTests
{
    private static async Task<RpcException> Fails(Func<Task> call, StatusCode code, string mentions)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(e.StatusCode == code, $"expected {code}, got {e.StatusCode}: {e.Status.Detail}");
        Assert.Contains(mentions, e.Status.Detail, StringComparison.OrdinalIgnoreCase);
        return e;
    }

    [Fact]
    public async Task Bad_input_is_invalid_argument_and_names_the_field()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server);
        var alice = TestServer.As(x.AliceKey);

        await Fails(() => server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 102, 1), alice).ResponseAsync, StatusCode.InvalidArgument, "price");
        await Fails(() => server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 0, 1), alice).ResponseAsync, StatusCode.InvalidArgument, "price");
        await Fails(() => server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 0), alice).ResponseAsync, StatusCode.InvalidArgument, "quantity");
        await Fails(() => server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 5_000_000_000_000, 5_000_000), alice).ResponseAsync,
            StatusCode.InvalidArgument, "overflow");
        await Fails(() => server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Unspecified, 100, 1), alice).ResponseAsync, StatusCode.InvalidArgument, "side");
        await Fails(() => server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 1, new string('x', 65)), alice).ResponseAsync,
            StatusCode.InvalidArgument, "client_order_id");
        await Fails(() => server.Trading.ListOrdersAsync(new ListOrdersRequest { PageSize = 100_000 }, alice).ResponseAsync,
            StatusCode.InvalidArgument, "page_size");
        await Fails(() => server.Admin.CreateCurrencyAsync(new CreateCurrencyRequest { Code = "hotel!", Name = "x", MerchantAccountId = 1 },
            TestServer.As(server.AdminKey)).ResponseAsync, StatusCode.InvalidArgument, "code");
    }

    [Fact]
    public async Task Unknown_things_are_not_found()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server);
        var alice = TestServer.As(x.AliceKey);

        await Fails(() => server.Trading.PlaceOrderAsync(new PlaceOrderRequest
        {
            Symbol = "NOPE-PAIR", Side = Side.Buy, Type = OrderType.Limit, Price = 100, Quantity = 1,
        }, alice).ResponseAsync, StatusCode.NotFound, "symbol");
        await Fails(() => server.Trading.CancelOrderAsync(new OrderRef { Symbol = Exchange.Symbol, OrderId = 999_999 }, alice).ResponseAsync,
            StatusCode.NotFound, "order_id");
        await Fails(() => server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "COFFEE", AccountId = x.Alice, Amount = 1, IdempotencyKey = "k" },
            TestServer.As(x.HotelMerchantKey)).ResponseAsync, StatusCode.NotFound, "currency");
        await Fails(() => server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = 987_654, Amount = 1, IdempotencyKey = "k" },
            TestServer.As(x.HotelMerchantKey)).ResponseAsync, StatusCode.NotFound, "account_id");
        await Fails(() => server.MarketData.GetTickerAsync(new GetTickerRequest { Symbol = "NOPE-PAIR" }).ResponseAsync, StatusCode.NotFound, "symbol");
    }

    [Fact]
    public async Task Insufficient_balance_a_halted_pair_and_a_crossing_post_only_order_are_failed_preconditions()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server, funding: 1_000);
        var alice = TestServer.As(x.AliceKey);

        await Fails(() => server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 11), alice).ResponseAsync, StatusCode.FailedPrecondition, "available");
        await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Sell, 100, 1), TestServer.As(x.BobKey));
        await Fails(() => server.Trading.PlaceOrderAsync(new PlaceOrderRequest
        {
            Symbol = Exchange.Symbol, Side = Side.Buy, Type = OrderType.Limit, Price = 100, Quantity = 1, PostOnly = true,
        }, alice).ResponseAsync, StatusCode.FailedPrecondition, "post_only");
        await server.Admin.SetPairStatusAsync(new SetPairStatusRequest { Symbol = Exchange.Symbol, Status = PairStatus.Halted }, TestServer.As(server.AdminKey));
        await Fails(() => server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 95, 1), alice).ResponseAsync, StatusCode.FailedPrecondition, "halted");
        Assert.Equal(PairStatus.Halted, (await server.MarketData.ListPairsAsync(new ListPairsRequest())).Pairs.Single().Status);
    }

    [Fact]
    public async Task Issuing_over_the_daily_limit_is_a_failed_precondition_that_says_what_remains()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server, funding: 0, hotelDailyLimit: 10_000);
        var hotel = TestServer.As(x.HotelMerchantKey);
        await server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = x.Alice, Amount = 9_500, IdempotencyKey = "a" }, hotel);

        await Fails(() => server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = x.Bob, Amount = 600, IdempotencyKey = "b" },
            hotel).ResponseAsync, StatusCode.FailedPrecondition, "500 remain");
    }

    [Fact]
    public async Task Reused_keys_with_different_parameters_already_exist_and_the_same_parameters_return_the_original()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server);
        var (alice, bob) = (TestServer.As(x.AliceKey), TestServer.As(x.BobKey));
        await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Sell, 100, 5), bob);

        var first = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 2, "retry-me"), alice);
        var again = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 2, "retry-me"), alice);
        await Fails(() => server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 3, "retry-me"), alice).ResponseAsync,
            StatusCode.AlreadyExists, "client_order_id");

        Assert.Equal(first.Order.OrderId, again.Order.OrderId);
        Assert.Equal(first.Fills.Select(f => f.TradeId), again.Fills.Select(f => f.TradeId));
        Assert.Single((await server.MarketData.GetTradesAsync(new GetTradesRequest { Symbol = Exchange.Symbol })).Trades);

        var hotel = TestServer.As(x.HotelMerchantKey);
        var issued = await server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = x.Alice, Amount = 7, IdempotencyKey = "once" }, hotel);
        var replay = await server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = x.Alice, Amount = 7, IdempotencyKey = "once" }, hotel);
        await Fails(() => server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = x.Alice, Amount = 8, IdempotencyKey = "once" },
            hotel).ResponseAsync, StatusCode.AlreadyExists, "idempotency_key");
        Assert.Equal((issued.TransactionId, true), (replay.TransactionId, replay.Replayed));
    }

    [Fact]
    public async Task Missing_or_bad_keys_are_unauthenticated_and_the_wrong_role_or_owner_is_permission_denied()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server);
        var bobsOrder = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 90, 1), TestServer.As(x.BobKey));

        await Fails(() => server.Trading.GetBalancesAsync(new GetBalancesRequest()).ResponseAsync, StatusCode.Unauthenticated, "authorization");
        await Fails(() => server.Trading.GetBalancesAsync(new GetBalancesRequest(), TestServer.As("px_not-a-real-key")).ResponseAsync,
            StatusCode.Unauthenticated, "not valid");
        await Fails(() => server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = x.Alice, Amount = 1, IdempotencyKey = "k" },
            TestServer.As(x.AliceKey)).ResponseAsync, StatusCode.PermissionDenied, "MERCHANT");
        await Fails(() => server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = x.Alice, Amount = 1, IdempotencyKey = "k" },
            TestServer.As(x.AirMerchantKey)).ResponseAsync, StatusCode.PermissionDenied, "another merchant");
        await Fails(() => server.Trading.CancelOrderAsync(new OrderRef { Symbol = Exchange.Symbol, OrderId = bobsOrder.Order.OrderId },
            TestServer.As(x.AliceKey)).ResponseAsync, StatusCode.PermissionDenied, "another account");
        await Fails(() => server.Admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = "x", Role = Role.User },
            TestServer.As(x.AliceKey)).ResponseAsync, StatusCode.PermissionDenied, "ADMIN");
        Assert.NotNull(await server.MarketData.ListPairsAsync(new ListPairsRequest()));
    }

    [Fact]
    public async Task A_full_ingress_queue_is_resource_exhausted_and_an_oversized_request_is_refused()
    {
        await using var server = await TestServer.StartAsync(ringSize: 4);
        var x = await Exchange.CreateAsync(server, funding: 10_000_000);
        var calls = Enumerable.Range(0, 300).Select(i => server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 90 - (5 * (i % 5)), 1),
            TestServer.As(i % 2 == 0 ? x.AliceKey : x.BobKey)).ResponseAsync).ToList();
        var outcomes = await Task.WhenAll(calls.Select(async c =>
        {
            try
            {
                await c;
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));

        Assert.Contains(StatusCode.ResourceExhausted, outcomes);
        Assert.Contains(StatusCode.OK, outcomes);
        Assert.All(outcomes, o => Assert.True(o is StatusCode.OK or StatusCode.ResourceExhausted, o.ToString()));

        var huge = Exchange.Limit(Side.Buy, 100, 1, "");
        huge.ClientOrderId = new string('y', 100_000);
        var e = await Assert.ThrowsAsync<RpcException>(() => server.Trading.PlaceOrderAsync(huge, TestServer.As(x.AliceKey)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task When_the_ledger_cannot_commit_the_order_is_unavailable_and_not_applied()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server);
        await using var blocker = new NpgsqlConnection(server.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("select 1 from pairs for update", blocker, tx))
        {
            await hold.ExecuteScalarAsync();
        }

        var pending = server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 1, "blocked"), TestServer.As(x.AliceKey)).ResponseAsync;
        // Looked for from a connection of its own, one transaction per look: inside the blocker's transaction
        // pg_stat_activity is read once and cached, so a commit that starts waiting later is never seen.
        await using var killer = new NpgsqlConnection(server.Database.ConnectionString);
        await killer.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var killed = false;
        while (!killed && DateTime.UtcNow < deadline)
        {
            await using var kill = new NpgsqlCommand(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
                killer);
            killed = await kill.ExecuteScalarAsync() is true;
            await Task.Delay(10);
        }

        await tx.RollbackAsync();
        await Fails(() => pending, StatusCode.Unavailable, "not applied");
        Assert.Equal(0L, server.Database.Scalar("select count(*) from orders where client_order_id = 'blocked'"));
    }
}
