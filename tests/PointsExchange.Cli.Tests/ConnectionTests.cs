using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using PointsExchange.Contracts.V1;

namespace PointsExchange.Cli.Tests;

/// <summary>How px talks to the exchange: the key as a bearer token, and failures as one line without the key.</summary>
public sealed class ConnectionTests
{
    [Fact]
    public async Task An_unreachable_server_is_a_friendly_error_naming_the_address_and_how_to_start_it()
    {
        var server = ClosedPort();

        var result = await Px.RunAsync($"balances --server {server} --key {Px.Secret}");

        Assert.Equal(PxApp.Refused, result.Exit);
        Assert.StartsWith($"error: cannot reach the exchange at {server} (", result.Err, StringComparison.Ordinal);
        Assert.Contains("bash scripts/start.sh", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(Px.Secret, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal); // no stack trace
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task The_key_from_the_flag_is_sent_as_a_bearer_token()
    {
        var exchange = new FakeExchange().Answer("Trading/GetBalances", new GetBalancesResponse());

        await Px.RunAsync($"balances --server http://px.test --key {Px.Secret}", exchange);

        Assert.Equal("Bearer " + Px.Secret, Assert.Single(exchange.Calls).Authorization);
    }

    [Fact]
    public async Task The_flag_wins_over_PX_API_KEY_which_is_used_without_one()
    {
        var environment = new Dictionary<string, string> { ["PX_API_KEY"] = "px_from_env", ["PX_SERVER"] = "http://px.test" };
        var exchange = new FakeExchange().Answer("Trading/GetBalances", new GetBalancesResponse());

        await Px.RunAsync("balances", exchange, environment);
        await Px.RunAsync("balances --key px_from_flag", exchange, environment);

        Assert.Equal(["Bearer px_from_env", "Bearer px_from_flag"], exchange.Calls.Select(c => c.Authorization));
    }

    [Fact]
    public async Task Market_data_is_asked_for_without_a_key_even_when_one_is_given()
    {
        var exchange = new FakeExchange().Answer("MarketData/ListPairs", new ListPairsResponse());

        await Px.RunAsync($"pairs --server http://px.test --key {Px.Secret}", exchange);

        Assert.Null(Assert.Single(exchange.Calls).Authorization);
    }

    [Fact]
    public async Task A_refusal_prints_the_status_and_detail_and_exits_1()
    {
        var exchange = new FakeExchange().Fail("Trading/PlaceOrder", StatusCode.FailedPrecondition, "insufficient available AIRMILES: need 242, have 0");

        var result = await Px.RunAsync($"order place HOTEL-AIRMILES buy 2 --price 121 --json --server http://px.test --key {Px.Secret}", exchange);

        Assert.Equal(PxApp.Refused, result.Exit);
        Assert.Equal("error: FailedPrecondition: insufficient available AIRMILES: need 242, have 0" + Environment.NewLine, result.Err);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task The_key_is_never_printed_even_when_an_error_message_quotes_it()
    {
        var exchange = new FakeExchange().Fail("Trading/GetBalances", StatusCode.Unauthenticated, $"unknown key '{Px.Secret}'");

        var result = await Px.RunAsync($"balances --server http://px.test --key {Px.Secret}", exchange);

        Assert.Equal(PxApp.Refused, result.Exit);
        Assert.Contains("error: Unauthenticated: unknown key '***'", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(Px.Secret, result.Err + result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_servers_own_unavailable_is_reported_as_such_not_as_unreachable()
    {
        var exchange = new FakeExchange().Fail("Trading/GetBalances", StatusCode.Unavailable, "ledger unreachable: not applied");

        var result = await Px.RunAsync($"balances --server http://px.test --key {Px.Secret}", exchange);

        Assert.Equal("error: Unavailable: ledger unreachable: not applied" + Environment.NewLine, result.Err);
    }

    private static string ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
