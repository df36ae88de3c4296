using Grpc.Core;

namespace PointsExchange.Server.Tests;

/// <summary>The streaming methods against the real server and PostgreSQL: what they send is what was committed.</summary>
public sealed class StreamTests
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Book_trades_tickers_and_candles_on_the_streams_agree_with_the_ledger_after_a_random_run()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server, funding: 100_000_000);
        using var cancel = new CancellationTokenSource();
        var book = await Collect(server.MarketData.StreamOrderBook(new StreamOrderBookRequest { Symbol = Exchange.Symbol, Depth = 1000 }, cancellationToken: cancel.Token));
        var trades = await Collect(server.MarketData.StreamTrades(new StreamTradesRequest { Symbol = Exchange.Symbol }, cancellationToken: cancel.Token));
        var tickers = await Collect(server.MarketData.StreamTickers(new StreamTickersRequest { Symbols = { Exchange.Symbol } }, cancellationToken: cancel.Token));
        var candles = await Collect(server.MarketData.StreamCandles(new StreamCandlesRequest { Symbol = Exchange.Symbol, Interval = CandleInterval._1M },
            cancellationToken: cancel.Token));

        await TradeRandomly(server, x, seed: 7, orders: 400);

        var committed = server.Database.Count("trades");
        Assert.True(committed > 50, $"the random run made only {committed} trades");
        await Until(() => trades.Count == committed, () => $"{trades.Count} of {committed} trades streamed");
        var expected = Trades(server);
        Assert.Equal(expected.Select(t => (t.Id, t.Price, t.Quantity, t.TakerSide)), trades.Items.Select(t => (t.TradeId, t.Price, t.Quantity, (int)t.TakerSide)));
        Assert.Equal(Enumerable.Range(1, trades.Count).Select(i => (long)i), trades.Items.Select(t => t.Seq));

        var final = await server.MarketData.GetOrderBookAsync(new GetOrderBookRequest { Symbol = Exchange.Symbol, Depth = 1000 });
        var client = new MarketDataModelTests.ClientBook();
        await Until(() =>
        {
            client = new MarketDataModelTests.ClientBook();
            foreach (var update in book.Items)
            {
                client.Apply(update);
            }

            return client.Bids.SequenceEqual(final.Bids.Select(l => (l.Price, l.Quantity, l.OrderCount)))
                && client.Asks.SequenceEqual(final.Asks.Select(l => (l.Price, l.Quantity, l.OrderCount)));
        }, () => "the streamed book never equalled GetOrderBook");
        Assert.Equal(OrderBookUpdate.UpdateOneofCase.Snapshot, book.Items[0].UpdateCase);
        Assert.All(book.Items.Skip(1), u => Assert.Equal(OrderBookUpdate.UpdateOneofCase.Delta, u.UpdateCase));

        // The ticker and the candles, computed here from the ledger's trades.
        await Until(() => tickers.Items.LastOrDefault()?.Volume24H == expected.Sum(t => t.Quantity), () => "the last ticker never showed the whole volume");
        var ticker = tickers.Items[^1];
        Assert.Equal((expected[0].Price, expected.Max(t => t.Price), expected.Min(t => t.Price), expected[^1].Price, expected.Sum(t => t.Price * t.Quantity)),
            (ticker.Open24H, ticker.High24H, ticker.Low24H, ticker.LastPrice, ticker.QuoteVolume24H));
        Assert.Equal(final.Bids.FirstOrDefault()?.Price ?? 0, ticker.BestBid);
        Assert.Equal(final.Asks.FirstOrDefault()?.Price ?? 0, ticker.BestAsk);
        Assert.Equal(ticker, await server.MarketData.GetTickerAsync(new GetTickerRequest { Symbol = Exchange.Symbol }) is var fetched
            ? fetched.Clone().With(t => t.Time = ticker.Time) : null);

        var minutes = expected.GroupBy(t => t.Minute).Select(g => (Open: g.Key, g.First().Price, g.Max(t => t.Price), g.Min(t => t.Price), g.Last().Price,
            g.Sum(t => t.Quantity))).ToList();
        await Until(() => candles.Items.LastOrDefault()?.Volume == minutes[^1].Item6, () => "the last candle never showed the last minute's volume");
        var lastStreamed = candles.Items.GroupBy(c => c.OpenTime.ToDateTime()).ToDictionary(g => g.Key, g => g.Last());
        foreach (var minute in minutes.Where(m => lastStreamed.ContainsKey(m.Open)))
        {
            var c = lastStreamed[minute.Open];
            Assert.Equal(minute, (c.OpenTime.ToDateTime(), c.Open, c.High, c.Low, c.Close, c.Volume));
        }

        var fromLedger = await server.MarketData.GetCandlesAsync(new GetCandlesRequest
        {
            Symbol = Exchange.Symbol, Interval = CandleInterval._1M, Start = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(minutes[0].Open),
            End = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(1)),
        });
        Assert.Equal(minutes, fromLedger.Candles.Select(c => (c.OpenTime.ToDateTime(), c.Open, c.High, c.Low, c.Close, c.Volume)));
        var day = await server.MarketData.GetCandlesAsync(new GetCandlesRequest { Symbol = Exchange.Symbol, Interval = CandleInterval._1D });
        Assert.Equal(expected.Sum(t => t.Quantity), day.Candles.Sum(c => c.Volume));
        Assert.All(day.Candles, c => Assert.Equal(TimeSpan.Zero, c.OpenTime.ToDateTime().TimeOfDay));
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_is_cut_off_and_the_others_miss_nothing()
    {
        await using var server = await TestServer.StartAsync(settings: new Dictionary<string, string> { ["PointsExchange:SubscriberQueue"] = "256" });
        var x = await Exchange.CreateAsync(server, funding: 100_000_000);
        using var cancel = new CancellationTokenSource();
        using var stalled = server.MarketData.StreamTrades(new StreamTradesRequest { Symbol = Exchange.Symbol }, cancellationToken: cancel.Token);
        await stalled.ResponseHeadersAsync;
        var healthy = await Collect(server.MarketData.StreamTrades(new StreamTradesRequest { Symbol = Exchange.Symbol }, cancellationToken: cancel.Token));

        // 6,000 one-lot asks, then bids that take ten at a time: 6,000 trades, far more than the stalled client's
        // transport buffers (about 64 KiB each way) and its queue of 256 hold, in bursts the healthy one keeps up with.
        const int Lots = 6_000;
        await Session(server, x.BobKey, Enumerable.Range(0, Lots).Select(i => Exchange.Limit(Side.Sell, 100 + (5 * (i % 20)), 1)));
        for (var i = 0; i < Lots / 10; i++)
        {
            await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 200, 10), TestServer.As(x.AliceKey));
        }

        await Until(() => healthy.Count == Lots, () => $"the healthy subscriber got {healthy.Count} of {Lots} trades");
        Assert.Equal(Enumerable.Range(1, Lots).Select(i => (long)i), healthy.Items.Select(t => t.Seq));
        Assert.Equal(Lots, server.Database.Count("trades"));

        var received = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stalled.ResponseStream.MoveNext(cancel.Token))
            {
                received++;
            }
        });
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("fell behind", error.Status.Detail);
        Assert.True(received < Lots, $"the stalled subscriber still got all {received} trades");
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task Order_entry_answers_every_request_exactly_once_with_its_client_order_id()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server, funding: 100_000_000);
        var requests = new List<OrderEntryRequest>();
        for (var i = 0; i < 600; i++)
        {
            requests.Add(i % 10 == 9
                ? new OrderEntryRequest { Place = Exchange.Limit(Side.Buy, 101, 1, $"bad{i}") } // off the tick of 5
                : i % 10 == 8
                    ? new OrderEntryRequest { Cancel = new OrderRef { Symbol = Exchange.Symbol, ClientOrderId = $"missing{i}" } }
                    : new OrderEntryRequest { Place = Exchange.Limit(i % 2 == 0 ? Side.Buy : Side.Sell, i % 2 == 0 ? 95 : 105, 1 + (i % 3), $"ok{i}") });
        }

        var reports = await Session(server, x.AliceKey, requests);

        Assert.Equal(requests.Count, reports.Count);
        Assert.Equal(requests.Select(Id).Order(StringComparer.Ordinal), reports.Select(r => r.ClientOrderId).Order(StringComparer.Ordinal));
        Assert.All(reports.Where(r => r.ClientOrderId.StartsWith("bad", StringComparison.Ordinal)),
            r => Assert.Equal(((int)StatusCode.InvalidArgument, "price"), (r.ErrorCode, r.ErrorMessage.Split(':')[0])));
        Assert.All(reports.Where(r => r.ClientOrderId.StartsWith("missing", StringComparison.Ordinal)), r => Assert.Equal((int)StatusCode.NotFound, r.ErrorCode));
        var accepted = reports.Where(r => r.ClientOrderId.StartsWith("ok", StringComparison.Ordinal)).ToList();
        Assert.All(accepted, r => Assert.Equal((0, OrderStatus.New), (r.ErrorCode, r.Order.Status)));
        Assert.Equal(accepted.Count, server.Database.Count("orders"));
        Assert.Equal(accepted.Select(r => r.Order.OrderId).Distinct().Count(), accepted.Count);

        static string Id(OrderEntryRequest r) => r.RequestCase == OrderEntryRequest.RequestOneofCase.Place ? r.Place.ClientOrderId : r.Cancel.ClientOrderId;
    }

    [Fact]
    public async Task Refused_cancels_and_replaces_are_reported_as_the_unary_calls_refuse_them()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server, funding: 100_000_000);
        var closed = (await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 95, 1, "closed"), TestServer.As(x.AliceKey))).Order.OrderId;
        await server.Trading.CancelOrderAsync(new OrderRef { Symbol = Exchange.Symbol, OrderId = closed }, TestServer.As(x.AliceKey));
        var bobs = (await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Sell, 105, 1, "bobs"), TestServer.As(x.BobKey))).Order.OrderId;
        OrderRef[] cancels =
        [
            new() { Symbol = Exchange.Symbol, OrderId = closed }, // no longer open
            new() { Symbol = Exchange.Symbol, OrderId = bobs }, // another account's
            new() { Symbol = Exchange.Symbol, OrderId = 999_999 }, // no such order
        ];
        var replace = new ReplaceOrderRequest { Symbol = Exchange.Symbol, OrderId = closed, NewPrice = 90, NewQuantity = 1, NewClientOrderId = "again" };

        var requests = cancels.Select(c => new OrderEntryRequest { Cancel = c }).Append(new OrderEntryRequest { Replace = replace });
        var reports = await Session(server, x.AliceKey, requests);

        // The same requests as unary calls: each report carries the code and message the call is refused with.
        var refusals = new List<(int Code, string Message)>();
        foreach (var cancel in cancels)
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () => await server.Trading.CancelOrderAsync(cancel, TestServer.As(x.AliceKey)));
            refusals.Add(((int)e.StatusCode, e.Status.Detail));
        }

        var replaced = await Assert.ThrowsAsync<RpcException>(async () => await server.Trading.ReplaceOrderAsync(replace, TestServer.As(x.AliceKey)));
        refusals.Add(((int)replaced.StatusCode, replaced.Status.Detail));
        Assert.Equal([(int)StatusCode.FailedPrecondition, (int)StatusCode.PermissionDenied, (int)StatusCode.NotFound, (int)StatusCode.FailedPrecondition],
            refusals.Select(r => r.Code));
        Assert.Equal(refusals.Order(), reports.Select(r => (r.ErrorCode, r.ErrorMessage)).Order());
        Assert.Equal(1L, server.Database.Scalar("select count(*) from orders where status = 1")); // Bob's order, still open
    }

    [Fact]
    public async Task Orders_beyond_the_funds_while_others_are_in_flight_are_failed_precondition_never_internal()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server, funding: 10_000);

        // Each buy holds 100 AIRMILES and more (fees); 300 of them in flight ask for three times what Alice has.
        var reports = await Session(server, x.AliceKey, Enumerable.Range(0, 300).Select(i => Exchange.Limit(Side.Buy, 100, 1, $"b{i}")));

        Assert.Equal(300, reports.Count);
        Assert.All(reports, r => Assert.True(r.ErrorCode is 0 or (int)StatusCode.FailedPrecondition, $"{(StatusCode)r.ErrorCode}: {r.ErrorMessage}"));
        var accepted = reports.Count(r => r.ErrorCode == 0);
        Assert.InRange(accepted, 1, 100);
        Assert.Equal(accepted, server.Database.Count("orders"));
    }

    [Fact]
    public async Task Account_events_show_the_callers_own_orders_fills_and_balances_and_nothing_else()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server, funding: 100_000_000);
        using var cancel = new CancellationTokenSource();
        var alice = await Collect(server.Trading.StreamAccountEvents(new StreamAccountEventsRequest(), TestServer.As(x.AliceKey).WithCancellationToken(cancel.Token)));
        var bob = await Collect(server.Trading.StreamAccountEvents(new StreamAccountEventsRequest(), TestServer.As(x.BobKey).WithCancellationToken(cancel.Token)));

        await TradeRandomly(server, x, seed: 11, orders: 150);

        var ordersOf = new Dictionary<long, HashSet<long>>
        {
            [x.Alice] = IdsOf(server, "select order_id from orders where account_id = $1", x.Alice),
            [x.Bob] = IdsOf(server, "select order_id from orders where account_id = $1", x.Bob),
        };
        var fillsOf = (long account) => IdsOf(server, "select trade_id from trades where taker_account_id = $1 or maker_account_id = $1", account);
        await Until(() => alice.Items.Where(e => e.EventCase == AccountEvent.EventOneofCase.Fill).Select(e => e.Fill.TradeId).Distinct().Count() == fillsOf(x.Alice).Count
            && bob.Items.Where(e => e.EventCase == AccountEvent.EventOneofCase.Fill).Select(e => e.Fill.TradeId).Distinct().Count() == fillsOf(x.Bob).Count,
            () => "the account streams never showed every fill");

        foreach (var (account, events) in new[] { (x.Alice, alice), (x.Bob, bob) })
        {
            var orders = events.Items.Where(e => e.EventCase == AccountEvent.EventOneofCase.OrderUpdate).Select(e => e.OrderUpdate.OrderId).ToHashSet();
            Assert.Subset(ordersOf[account], orders);
            Assert.True(orders.Count > 0);
            var fills = events.Items.Where(e => e.EventCase == AccountEvent.EventOneofCase.Fill).ToList();
            Assert.All(fills, f => Assert.Contains(f.Fill.OrderId, ordersOf[account]));
            Assert.Equal(fillsOf(account), fills.Select(f => f.Fill.TradeId).ToHashSet());
            var balances = (await server.Trading.GetBalancesAsync(new GetBalancesRequest(), TestServer.As(account == x.Alice ? x.AliceKey : x.BobKey))).Balances;
            var lastSeen = events.Items.Where(e => e.EventCase == AccountEvent.EventOneofCase.Balance).GroupBy(e => e.Balance.Currency)
                .ToDictionary(g => g.Key, g => g.Last().Balance);
            Assert.All(balances, b => Assert.Equal(b, lastSeen[b.Currency]));
        }

        await cancel.CancelAsync();
    }

    [Fact]
    public async Task Issued_and_redeemed_points_reach_the_members_account_stream_as_balances()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server, funding: 1_000);
        using var cancel = new CancellationTokenSource();
        var alice = await Collect(server.Trading.StreamAccountEvents(new StreamAccountEventsRequest(), TestServer.As(x.AliceKey).WithCancellationToken(cancel.Token)));
        var bob = await Collect(server.Trading.StreamAccountEvents(new StreamAccountEventsRequest(), TestServer.As(x.BobKey).WithCancellationToken(cancel.Token)));
        var hotel = TestServer.As(x.HotelMerchantKey);

        await server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = x.Alice, Amount = 500, IdempotencyKey = "more" }, hotel);
        await Until(() => alice.Items.Any(e => e.Balance?.Total == 1_500), () => "the issuance never reached alice's stream");
        await server.Merchant.RedeemPointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = x.Alice, Amount = 200, IdempotencyKey = "spend" }, hotel);
        await Until(() => alice.Items.Any(e => e.Balance?.Total == 1_300), () => "the redemption never reached alice's stream");

        // A replayed issuance moves nothing and says nothing; bob's stream never shows alice's balance.
        await server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = x.Alice, Amount = 500, IdempotencyKey = "more" }, hotel);
        await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Sell, 100, 1, "marker"), TestServer.As(x.AliceKey));
        await Until(() => alice.Items.Any(e => e.OrderUpdate?.ClientOrderId == "marker"), () => "the marker order never arrived");
        var balances = alice.Items.Where(e => e.EventCase == AccountEvent.EventOneofCase.Balance).Select(e => (e.Balance.Currency, e.Balance.Total)).ToList();
        Assert.Equal([("HOTEL", 1_500L), ("HOTEL", 1_300L)], balances.Take(2));
        Assert.DoesNotContain(balances.Skip(2), b => b.Total is 1_800);
        Assert.Empty(bob.Items);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task A_trade_whose_commit_failed_never_reaches_a_stream()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server, funding: 100_000_000);
        using var cancel = new CancellationTokenSource();
        var trades = await Collect(server.MarketData.StreamTrades(new StreamTradesRequest { Symbol = Exchange.Symbol }, cancellationToken: cancel.Token));
        await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Sell, 100, 5, "resting"), TestServer.As(x.BobKey));

        // Hold the pairs row so the next batch waits on a lock, then kill that waiting backend: the commit fails.
        await using var blocker = new Npgsql.NpgsqlConnection(server.Database.ConnectionString);
        await blocker.OpenAsync();
        await using (var tx = await blocker.BeginTransactionAsync())
        {
            await using (var hold = new Npgsql.NpgsqlCommand("select 1 from pairs for update", blocker, tx))
            {
                await hold.ExecuteScalarAsync();
            }

            var doomed = server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 2, "doomed"), TestServer.As(x.AliceKey)).ResponseAsync;
            var killed = false;
            for (var deadline = DateTime.UtcNow.AddSeconds(30); !killed && DateTime.UtcNow < deadline; await Task.Delay(10))
            {
                await using var kill = new Npgsql.NpgsqlCommand(
                    "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
                    blocker, tx);
                killed = await kill.ExecuteScalarAsync() is true;
            }

            await tx.RollbackAsync();
            Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => doomed)).StatusCode);
        }

        var later = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100, 3, "later"), TestServer.As(x.AliceKey));
        await Until(() => trades.Count >= 1, () => "the committed trade never arrived");
        await Task.Delay(200);
        var only = Assert.Single(trades.Items);
        Assert.Equal((later.Fills[0].TradeId, 3L), (only.TradeId, only.Quantity));
        Assert.Equal(1L, server.Database.Count("trades"));
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task A_stopping_server_ends_market_data_streams_with_unavailable_instead_of_waiting_for_them()
    {
        var server = await TestServer.StartAsync();
        try
        {
            await Exchange.CreateAsync(server, funding: 0);

            // A channel of its own: the test server's channel is disposed when it stops, which would cancel the call here.
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{server.GrpcPort}");
            using var trades = new MarketData.MarketDataClient(channel).StreamTrades(new StreamTradesRequest { Symbol = Exchange.Symbol });
            await trades.ResponseHeadersAsync;

            await server.StopAsync();

            // Without the hub ending its streams, the host waits out its shutdown timeout and then resets the connection.
            var ended = await Assert.ThrowsAsync<RpcException>(async () => await trades.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
            Assert.Contains("shutting down", ended.Status.Detail);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stopping_server_answers_every_order_entry_request_it_read_then_ends_the_session_with_unavailable()
    {
        var server = await TestServer.StartAsync();
        try
        {
            var x = await Exchange.CreateAsync(server);
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{server.GrpcPort}");
            using var session = new Trading.TradingClient(channel).StreamOrderEntry(TestServer.As(x.AliceKey));
            await session.RequestStream.WriteAsync(new OrderEntryRequest { Place = Exchange.Limit(Side.Buy, 90, 1, "first") });
            Assert.True(await session.ResponseStream.MoveNext());
            Assert.Equal(("first", 0), (session.ResponseStream.Current.ClientOrderId, session.ResponseStream.Current.ErrorCode));

            // More requests, and the stop while they are on their way: the session is left open by its client.
            for (var i = 0; i < 200; i++)
            {
                await session.RequestStream.WriteAsync(new OrderEntryRequest { Place = Exchange.Limit(Side.Buy, 90, 1, $"more-{i}") });
            }

            var stopping = server.StopAsync();
            var answered = new List<ExecutionReport> { session.ResponseStream.Current };
            var ended = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await session.ResponseStream.MoveNext())
                {
                    answered.Add(session.ResponseStream.Current);
                }
            });
            await stopping;

            Assert.True(ended.StatusCode == StatusCode.Unavailable, $"the session ended with {ended.Status} after {answered.Count} reports");
            Assert.Contains("shutting down", ended.Status.Detail);
            Assert.Equal(answered.Count, answered.Select(r => r.ClientOrderId).Distinct().Count());

            // Nothing lost and nothing unanswered: the ledger holds exactly the orders the session acknowledged.
            var acknowledged = answered.Where(r => r.ErrorCode == 0).Select(r => r.ClientOrderId).Order().ToList();
            var stored = ((string[])server.Database.Scalar("select coalesce(array_agg(client_order_id order by client_order_id), '{}') from orders")!).ToList();
            Assert.Equal(acknowledged, stored.Order().ToList());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Random limit and IOC orders of both members near 100, and cancels of their open orders.</summary>
    private static async Task TradeRandomly(TestServer server, Exchange x, int seed, int orders)
    {
        var random = new Random(seed);
        var open = new List<(string Key, long OrderId)>();
        for (var i = 0; i < orders; i++)
        {
            var key = random.Next(2) == 0 ? x.AliceKey : x.BobKey;
            if (open.Count > 0 && random.Next(6) == 0)
            {
                var (owner, id) = open[random.Next(open.Count)];
                open.RemoveAll(o => o.OrderId == id);
                try
                {
                    await server.Trading.CancelOrderAsync(new OrderRef { Symbol = Exchange.Symbol, OrderId = id }, TestServer.As(owner));
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
                {
                    // It filled meanwhile.
                }

                continue;
            }

            var request = Exchange.Limit(random.Next(2) == 0 ? Side.Buy : Side.Sell, 80 + (5 * random.Next(9)), 1 + random.Next(6));
            request.TimeInForce = random.Next(5) == 0 ? TimeInForce.Ioc : TimeInForce.Gtc;
            var placed = await server.Trading.PlaceOrderAsync(request, TestServer.As(key));
            if (placed.Order.Status is OrderStatus.New or OrderStatus.PartiallyFilled)
            {
                open.Add((key, placed.Order.OrderId));
            }
        }
    }

    /// <summary>Sends every request on one order-entry session, all in flight at once, and returns the reports.</summary>
    private static async Task<List<ExecutionReport>> Session(TestServer server, string key, IEnumerable<OrderEntryRequest> requests)
    {
        using var call = server.Trading.StreamOrderEntry(TestServer.As(key));
        var reports = new List<ExecutionReport>();
        var reading = Task.Run(async () =>
        {
            await foreach (var report in call.ResponseStream.ReadAllAsync())
            {
                reports.Add(report);
            }
        });
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();
        await reading;
        return reports;
    }

    private static Task<List<ExecutionReport>> Session(TestServer server, string key, IEnumerable<PlaceOrderRequest> places) =>
        Session(server, key, places.Select(p => new OrderEntryRequest { Place = p }));

    private static List<(long Id, long Price, long Quantity, int TakerSide, DateTime Minute)> Trades(TestServer server)
    {
        using var connection = new Npgsql.NpgsqlConnection(server.Database.ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(
            "select trade_id, price, quantity, taker_side, date_trunc('minute', executed_at) from trades order by trade_id", connection);
        using var reader = command.ExecuteReader();
        var trades = new List<(long, long, long, int, DateTime)>();
        while (reader.Read())
        {
            trades.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt16(3), reader.GetDateTime(4)));
        }

        return trades;
    }

    private static HashSet<long> IdsOf(TestServer server, string sql, long account)
    {
        using var connection = new Npgsql.NpgsqlConnection(server.Database.ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = account });
        using var reader = command.ExecuteReader();
        var ids = new HashSet<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>Reads a stream in the background once it is subscribed (its response headers arrived).</summary>
    private static async Task<Collected<T>> Collect<T>(AsyncServerStreamingCall<T> call)
    {
        await call.ResponseHeadersAsync;
        var collected = new Collected<T>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in call.ResponseStream.ReadAllAsync())
                {
                    collected.Add(item);
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
                // The test is over.
            }
            finally
            {
                call.Dispose();
            }
        });
        return collected;
    }

    private static async Task Until(Func<bool> done, Func<string> why)
    {
        for (var deadline = DateTime.UtcNow + CatchUp; !done(); await Task.Delay(20))
        {
            Assert.True(DateTime.UtcNow < deadline, why());
        }
    }

    /// <summary>Messages received so far, safe to read while the stream is still being read.</summary>
    private sealed class Collected<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public List<T> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }
    }
}

internal static class ProtoExtensions
{
    public static T With<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
