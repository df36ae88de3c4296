using PointsExchange.Contracts.V1;

namespace PointsExchange.Cli.Tests;

/// <summary>What each command puts on the wire, read back from the fake exchange.</summary>
public sealed class RequestTests
{
    private const string Server = " --server http://px.test --key " + Px.Secret + " --json";

    [Fact]
    public async Task Place_sends_the_words_as_the_contracts_enums()
    {
        var exchange = new FakeExchange().Answer("Trading/PlaceOrder", new OrderResponse { Order = new Order { OrderId = 1 } });

        var result = await Px.RunAsync("order place hotel-airmiles SELL 3 --type market --price 110 --tif fok --stp expire-both --client-id c1" + Server, exchange);

        Assert.Equal(PxApp.Ok, result.Exit);
        var sent = exchange.Request("Trading/PlaceOrder", PlaceOrderRequest.Parser);
        Assert.Equal(
            new PlaceOrderRequest
            {
                Symbol = "HOTEL-AIRMILES", Side = Side.Sell, Type = OrderType.Market, TimeInForce = TimeInForce.Fok, Price = 110, Quantity = 3,
                ClientOrderId = "c1", StpMode = SelfTradePrevention.ExpireBoth,
            },
            sent);
    }

    [Fact]
    public async Task Place_leaves_unsaid_options_to_the_servers_defaults()
    {
        var exchange = new FakeExchange().Answer("Trading/PlaceOrder", new OrderResponse { Order = new Order() });

        await Px.RunAsync("order place HOTEL-AIRMILES buy 2 --price 121 --post-only" + Server, exchange);

        var sent = exchange.Request("Trading/PlaceOrder", PlaceOrderRequest.Parser);
        Assert.Equal((OrderType.Limit, TimeInForce.Unspecified, SelfTradePrevention.Unspecified, true), (sent.Type, sent.TimeInForce, sent.StpMode, sent.PostOnly));
    }

    [Theory]
    [InlineData("order cancel HOTEL-AIRMILES 42", "Trading/CancelOrder", 42L, "")]
    [InlineData("order cancel HOTEL-AIRMILES --client-id mine", "Trading/CancelOrder", 0L, "mine")]
    [InlineData("order get HOTEL-AIRMILES 7", "Trading/GetOrder", 7L, "")]
    public async Task Cancel_and_get_refer_to_an_order_by_id_or_client_id(string line, string method, long orderId, string clientId)
    {
        var exchange = new FakeExchange().Answer(method, new Order());

        await Px.RunAsync(line + Server, exchange);

        var sent = exchange.Request(method, OrderRef.Parser);
        Assert.Equal(orderId == 0 ? OrderRef.IdOneofCase.ClientOrderId : OrderRef.IdOneofCase.OrderId, sent.IdCase);
        Assert.Equal((orderId, clientId), (sent.OrderId, sent.ClientOrderId));
    }

    [Fact]
    public async Task Replace_and_amend_send_the_new_terms()
    {
        var exchange = new FakeExchange()
            .Answer("Trading/ReplaceOrder", new OrderResponse { Order = new Order() })
            .Answer("Trading/AmendOrder", new Order());

        await Px.RunAsync("order replace HOTEL-AIRMILES 9 --price 118 --quantity 4 --client-id again" + Server, exchange);
        await Px.RunAsync("order amend HOTEL-AIRMILES 9 2" + Server, exchange);

        Assert.Equal(new ReplaceOrderRequest { Symbol = "HOTEL-AIRMILES", OrderId = 9, NewPrice = 118, NewQuantity = 4, NewClientOrderId = "again" },
            exchange.Request("Trading/ReplaceOrder", ReplaceOrderRequest.Parser));
        Assert.Equal(new AmendOrderRequest { Symbol = "HOTEL-AIRMILES", OrderId = 9, NewQuantity = 2 }, exchange.Request("Trading/AmendOrder", AmendOrderRequest.Parser));
    }

    [Fact]
    public async Task Admin_commands_send_roles_pairs_and_halts()
    {
        var exchange = new FakeExchange()
            .Answer("Admin/CreateAccount", new CreateAccountResponse { AccountId = 5, ApiKey = "px_new" })
            .Answer("Admin/CreatePair", new Pair())
            .Answer("Admin/SetPairStatus", new Pair());

        await Px.RunAsync("admin create-account --name \"Hotel Co\" --role merchant" + Server, exchange);
        await Px.RunAsync("admin create-pair --base hotel --quote AIRMILES --lot-size 100 --tick-size 1 --min-quantity 1 --taker-fee-bps 20" + Server, exchange);
        await Px.RunAsync("admin halt HOTEL-AIRMILES" + Server, exchange);

        Assert.Equal(new CreateAccountRequest { DisplayName = "Hotel Co", Role = Role.Merchant }, exchange.Request("Admin/CreateAccount", CreateAccountRequest.Parser));
        Assert.Equal(new CreatePairRequest { Base = "HOTEL", Quote = "AIRMILES", LotSize = 100, TickSize = 1, MinQuantity = 1, TakerFeeBps = 20 },
            exchange.Request("Admin/CreatePair", CreatePairRequest.Parser));
        Assert.Equal(PairStatus.Halted, exchange.Request("Admin/SetPairStatus", SetPairStatusRequest.Parser).Status);
    }

    [Fact]
    public async Task Issuing_without_an_idempotency_key_generates_one_and_tells_the_user_how_to_retry_with_it()
    {
        var exchange = new FakeExchange().Answer("Merchant/IssuePoints", new LedgerReceipt { TransactionId = 3, Amount = 500 });

        var result = await Px.RunAsync("merchant issue --currency HOTEL --account 7 --amount 500 --memo welcome" + Server, exchange);

        var sent = exchange.Request("Merchant/IssuePoints", PointsRequest.Parser);
        Assert.Equal(("HOTEL", 7L, 500L, "welcome"), (sent.Currency, sent.AccountId, sent.Amount, sent.Memo));
        Assert.StartsWith("px-issue-", sent.IdempotencyKey, StringComparison.Ordinal);
        Assert.Contains("--idempotency-key " + sent.IdempotencyKey, result.Err, StringComparison.Ordinal); // stderr: stdout is JSON only
    }

    [Fact]
    public async Task A_given_idempotency_key_is_sent_as_is()
    {
        var exchange = new FakeExchange().Answer("Merchant/RedeemPoints", new LedgerReceipt());

        await Px.RunAsync("merchant redeem --currency HOTEL --account 7 --amount 5 --idempotency-key order-991" + Server, exchange);

        Assert.Equal("order-991", exchange.Request("Merchant/RedeemPoints", PointsRequest.Parser).IdempotencyKey);
    }
}
