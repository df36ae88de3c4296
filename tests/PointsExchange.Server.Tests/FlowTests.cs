namespace PointsExchange.Server.Tests;

public sealed class FlowTests
{
    [Fact]
    public async Task Members_trade_hotel_points_for_air_miles_and_every_point_is_accounted_for()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server, funding: 100_000, makerBps: 10, takerBps: 20);

        // Alice rests 30 lots (3,000 HOTEL) at 120 AIRMILES a lot; Bob buys 20 lots with a limit of 125.
        var resting = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Sell, 120, 30, "alice-1"), TestServer.As(x.AliceKey));
        var taking = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 125, 20, "bob-1"), TestServer.As(x.BobKey));

        Assert.Equal(OrderStatus.New, resting.Order.Status);
        Assert.Equal(OrderStatus.Filled, taking.Order.Status);
        var fill = Assert.Single(taking.Fills);
        Assert.Equal((120L, 20L, Liquidity.Taker, "HOTEL", 4L), (fill.Price, fill.Quantity, fill.Liquidity, fill.FeeCurrency, fill.Fee));

        // Bob: +2,000 HOTEL - floor(2,000 * 20 / 10,000) = 4 fee; -2,400 AIRMILES.
        // Alice: -2,000 HOTEL and 1,000 more held; +2,400 AIRMILES - floor(2,400 * 10 / 10,000) = 2 fee.
        var bob = (await server.Trading.GetBalancesAsync(new GetBalancesRequest(), TestServer.As(x.BobKey))).Balances;
        var alice = (await server.Trading.GetBalancesAsync(new GetBalancesRequest(), TestServer.As(x.AliceKey))).Balances;
        Assert.Equal([("AIRMILES", 97_600L, 0L), ("HOTEL", 101_996L, 0L)], bob.Select(b => (b.Currency, b.Total, b.Held)));
        Assert.Equal([("AIRMILES", 102_398L, 0L), ("HOTEL", 98_000L, 1_000L)], alice.Select(b => (b.Currency, b.Total, b.Held)));
        Assert.Equal(97_000, alice.Single(b => b.Currency == "HOTEL").Available);

        var order = await server.Trading.GetOrderAsync(new OrderRef { Symbol = Exchange.Symbol, ClientOrderId = "alice-1" }, TestServer.As(x.AliceKey));
        Assert.Equal((20L, OrderStatus.PartiallyFilled), (order.FilledQuantity, order.Status));
        var myTrades = await server.Trading.ListMyTradesAsync(new ListMyTradesRequest(), TestServer.As(x.AliceKey));
        Assert.Equal((Liquidity.Maker, "AIRMILES", 2L), (myTrades.Fills[0].Liquidity, myTrades.Fills[0].FeeCurrency, myTrades.Fills[0].Fee));

        var book = await server.MarketData.GetOrderBookAsync(new GetOrderBookRequest { Symbol = Exchange.Symbol });
        Assert.Equal((120L, 10L, 1), (book.Asks[0].Price, book.Asks[0].Quantity, book.Asks[0].OrderCount));
        var ticker = await server.MarketData.GetTickerAsync(new GetTickerRequest { Symbol = Exchange.Symbol });
        Assert.Equal((120L, 120L, 20L, "1.2"), (ticker.LastPrice, ticker.BestAsk, ticker.Volume24H, ticker.LastRate));
        Assert.Single((await server.MarketData.GetTradesAsync(new GetTradesRequest { Symbol = Exchange.Symbol })).Trades);

        using var ledger = server.Database.OpenLedger();
        Assert.Empty(await ledger.CheckInvariantsAsync());
    }

    [Fact]
    public async Task Cancel_amend_and_replace_work_on_the_callers_own_orders()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server);
        var alice = TestServer.As(x.AliceKey);
        var placed = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 10), alice);

        var amended = await server.Trading.AmendOrderAsync(new AmendOrderRequest { Symbol = Exchange.Symbol, OrderId = placed.Order.OrderId, NewQuantity = 6 }, alice);
        var replaced = await server.Trading.ReplaceOrderAsync(new ReplaceOrderRequest
        {
            Symbol = Exchange.Symbol, OrderId = placed.Order.OrderId, NewPrice = 95, NewQuantity = 8, NewClientOrderId = "moved",
        }, alice);
        var held = (await server.Trading.GetBalancesAsync(new GetBalancesRequest(), alice)).Balances.Single(b => b.Currency == "AIRMILES").Held;
        var cancelled = await server.Trading.CancelOrderAsync(new OrderRef { Symbol = Exchange.Symbol, ClientOrderId = "moved" }, alice);

        Assert.Equal(6, amended.Quantity);
        Assert.Equal((95L, 8L, OrderStatus.New), (replaced.Order.Price, replaced.Order.Quantity, replaced.Order.Status));
        Assert.Equal(95 * 8, held);
        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        var balances = (await server.Trading.GetBalancesAsync(new GetBalancesRequest(), alice)).Balances;
        Assert.All(balances, b => Assert.Equal(0, b.Held));
        var open = await server.Trading.ListOrdersAsync(new ListOrdersRequest { Symbol = Exchange.Symbol, OpenOnly = true }, alice);
        Assert.Empty(open.Orders);
        var all = await server.Trading.ListOrdersAsync(new ListOrdersRequest { PageSize = 1 }, alice);
        Assert.Single(all.Orders);
        Assert.NotEmpty(all.NextPageToken);
    }

    [Fact]
    public async Task A_cancel_answers_the_order_exactly_as_the_ledger_then_holds_it()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server);
        var alice = TestServer.As(x.AliceKey);
        var resting = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 10, "partly"), alice);
        await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Sell, 100, 3), TestServer.As(x.BobKey));

        var cancelled = await server.Trading.CancelOrderAsync(new OrderRef { Symbol = Exchange.Symbol, OrderId = resting.Order.OrderId }, alice);
        var stored = await server.Trading.GetOrderAsync(new OrderRef { Symbol = Exchange.Symbol, OrderId = resting.Order.OrderId }, alice);

        Assert.Equal((3L, OrderStatus.Cancelled), (cancelled.FilledQuantity, cancelled.Status));
        Assert.Equal(stored, cancelled);
        Assert.True(cancelled.UpdatedAt.ToDateTime() > resting.Order.CreatedAt.ToDateTime());
    }

    [Fact]
    public async Task A_restarted_server_has_the_same_books_open_orders_and_balances()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server);
        for (var i = 0; i < 20; i++)
        {
            await server.Trading.PlaceOrderAsync(Exchange.Limit(i % 2 == 0 ? Side.Buy : Side.Sell, 100 + (5 * (i % 7)), 1 + (i % 3)),
                TestServer.As(i % 3 == 0 ? x.AliceKey : x.BobKey));
        }

        var pairId = (await server.Engine.Ledger.FindPairAsync(Exchange.Symbol))!.PairId;
        var hash = server.Engine.Engine.ShardOf(pairId).Books.Get(pairId)!.Book.StateHash();
        var balances = await server.Trading.GetBalancesAsync(new GetBalancesRequest(), TestServer.As(x.AliceKey));
        var book = await server.MarketData.GetOrderBookAsync(new GetOrderBookRequest { Symbol = Exchange.Symbol });

        await server.StopAsync();
        await server.StartAgainAsync();

        await server.MarketData.GetOrderBookAsync(new GetOrderBookRequest { Symbol = Exchange.Symbol });
        Assert.Equal(hash, server.Engine.Engine.ShardOf(pairId).Books.Get(pairId)!.Book.StateHash());
        Assert.Equal(balances, await server.Trading.GetBalancesAsync(new GetBalancesRequest(), TestServer.As(x.AliceKey)));
        Assert.Equal(book.Bids, (await server.MarketData.GetOrderBookAsync(new GetOrderBookRequest { Symbol = Exchange.Symbol })).Bids);
        var after = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 200, 1), TestServer.As(x.BobKey));
        Assert.True(after.Order.OrderId > 0);
    }

    [Fact]
    public async Task Demo_seeding_on_an_empty_database_gives_books_that_trade()
    {
        await using var server = await TestServer.StartAsync(seedDemo: true);
        var keys = File.ReadAllLines(Path.Combine(server.DataDirectory, "demo-keys.env"))
            .Where(l => l.Contains('=', StringComparison.Ordinal)).ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);

        var pairs = await server.MarketData.ListPairsAsync(new ListPairsRequest());
        var book = await server.MarketData.GetOrderBookAsync(new GetOrderBookRequest { Symbol = "HOTEL-AIRMILES" });
        var bought = await server.Trading.PlaceOrderAsync(new PlaceOrderRequest
        {
            Symbol = "HOTEL-AIRMILES", Side = Side.Buy, Type = OrderType.Limit, Price = book.Asks[0].Price, Quantity = 2,
        }, TestServer.As(keys["PX_ALICE_KEY"]));

        Assert.Equal(3, pairs.Pairs.Count);
        Assert.Equal(5, book.Asks.Count);
        Assert.Equal(OrderStatus.Filled, bought.Order.Status);
        var keyFile = Path.Combine(server.DataDirectory, "demo-keys.env");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(keyFile));
    }
}
