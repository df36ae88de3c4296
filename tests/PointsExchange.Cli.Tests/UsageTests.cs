namespace PointsExchange.Cli.Tests;

/// <summary>Usage mistakes are caught before anything is sent: exit 2, and the message names the option.</summary>
public sealed class UsageTests
{
    // A closed port: a usage error must never get as far as connecting (that would be exit 1).
    private const string Nowhere = " --server http://127.0.0.1:9 --key " + Px.Secret;

    [Theory]
    [InlineData("order place HOTEL-AIRMILES hold 1 --price 100", "side: 'hold' is not buy or sell")]
    [InlineData("order place HOTEL-AIRMILES buy 1 --price 100 --tif forever", "--tif: 'forever' is not gtc, ioc or fok")]
    [InlineData("order place HOTEL-AIRMILES buy 1 --price 100 --stp never", "--stp: 'never' is not expire-maker")]
    [InlineData("order place HOTEL-AIRMILES buy 1 --price 100 --type stop", "--type: 'stop' is not limit or market")]
    [InlineData("order place HOTEL-AIRMILES buy 1 --type market", "--price: a market order needs a protection price")]
    [InlineData("order place HOTEL-AIRMILES buy 1", "--price: a limit order needs its price")]
    [InlineData("order place HOTEL-AIRMILES buy lots --price 100", "quantity: 'lots' is not a whole number")]
    [InlineData("order place HOTEL-AIRMILES buy 1 --price 1.5", "--price: '1.5' is not a whole number")]
    [InlineData("order cancel HOTEL-AIRMILES 5 --client-id also", "--client-id: give the order id or --client-id, not both")]
    [InlineData("order get HOTEL-AIRMILES", "order-id: give the order id or --client-id")]
    [InlineData("order amend HOTEL-AIRMILES 5", "<new-quantity>: missing")]
    [InlineData("order replace HOTEL-AIRMILES 5 --price 120", "--quantity")]
    [InlineData("order list --page-size many", "--page-size")]
    [InlineData("admin create-account --name x --role god", "--role: 'god' is not admin, merchant or user")]
    [InlineData("admin create-account --role user", "--name")]
    [InlineData("admin create-currency --code HOTEL --name Hotel", "--merchant")]
    [InlineData("admin create-pair --base A --quote B --lot-size 100 --tick-size 1", "--min-quantity")]
    [InlineData("admin halt", "<symbol>: missing")]
    [InlineData("merchant issue --currency HOTEL --account 7", "--amount")]
    [InlineData("merchant redeem --currency HOTEL --account seven --amount 5", "--account")]
    [InlineData("book HOTEL-AIRMILES --depth deep", "--depth")]
    [InlineData("market-trades HOTEL-AIRMILES --limit x", "--limit")]
    [InlineData("balances --timeout 0", "--timeout")]
    [InlineData("balances --frobnicate", "--frobnicate")]
    [InlineData("order", "Required command")]
    public async Task A_usage_mistake_exits_2_and_names_the_option(string line, string message)
    {
        var result = await Px.RunAsync(line + Nowhere);

        Assert.Equal(PxApp.Usage, result.Exit);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.StartsWith("error: ", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
        Assert.DoesNotContain(Px.Secret, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_address_that_is_not_a_url_is_a_usage_error_naming_where_it_came_from()
    {
        var flag = await Px.RunAsync("pairs --server localhost-5080");
        var variable = await Px.RunAsync("pairs", environment: new Dictionary<string, string> { ["PX_SERVER"] = "ftp://x" });

        Assert.Equal((PxApp.Usage, PxApp.Usage), (flag.Exit, variable.Exit));
        Assert.Contains("--server: 'localhost-5080'", flag.Err, StringComparison.Ordinal);
        Assert.Contains("PX_SERVER: 'ftp://x'", variable.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trading_command_without_a_key_is_refused_before_calling_and_says_how_to_give_one()
    {
        var exchange = new FakeExchange();

        var result = await Px.RunAsync("balances --server http://px.test", exchange);

        Assert.Equal(PxApp.Usage, result.Exit);
        Assert.Contains("--key", result.Err, StringComparison.Ordinal);
        Assert.Contains("PX_API_KEY", result.Err, StringComparison.Ordinal);
        Assert.Empty(exchange.Calls);
    }

    [Fact]
    public async Task Help_never_shows_the_key_from_the_environment()
    {
        var result = await Px.RunAsync("order place --help", environment: new Dictionary<string, string> { ["PX_API_KEY"] = Px.Secret });

        Assert.Equal(PxApp.Ok, result.Exit);
        Assert.Contains("--price", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Px.Secret, result.Out + result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BUY", true)]
    [InlineData("Sell", true)]
    [InlineData("hodl", false)]
    public void Side_words_are_read_whatever_their_case(string word, bool known) => Assert.Equal(known, Words.Side.TryParse(word, out _));

    [Fact]
    public void Stp_words_accept_the_protos_underscores()
    {
        Assert.True(Words.Stp.TryParse("EXPIRE_BOTH", out var stp));
        Assert.Equal(Contracts.V1.SelfTradePrevention.ExpireBoth, stp);
    }
}
