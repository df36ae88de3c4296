using System.Text.Json;
using PointsExchange.Contracts.V1;
using Spectre.Console;

namespace PointsExchange.Cli.Tests;

/// <summary>--json prints the responses as the proto's JSON mapping, with its field names, and nothing else.</summary>
public sealed class JsonOutputTests
{
    [Fact]
    public void A_response_is_valid_json_with_proto_field_names_and_default_values()
    {
        var response = new OrderResponse
        {
            Order = new Order { OrderId = 7, Symbol = "HOTEL-AIRMILES", Side = Side.Buy, Price = 121, Quantity = 2, Status = OrderStatus.New, Rate = "1.21" },
            Fills = { new Fill { TradeId = 9, Price = 120, Quantity = 1, FeeCurrency = "HOTEL", Liquidity = Liquidity.Taker } },
        };
        using var stdout = new StringWriter();
        var output = new Output(stdout, TextWriter.Null, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), json: true);

        output.Show(response, () => throw new InvalidOperationException("no table with --json"));

        using var json = JsonDocument.Parse(stdout.ToString());
        var order = json.RootElement.GetProperty("order");
        Assert.Equal("7", order.GetProperty("order_id").GetString());               // int64 is a string in proto JSON
        Assert.Equal("SIDE_BUY", order.GetProperty("side").GetString());
        Assert.Equal("0", order.GetProperty("filled_quantity").GetString());        // a default value, still printed
        Assert.Equal("", order.GetProperty("client_order_id").GetString());
        Assert.False(order.TryGetProperty("filledQuantity", out _));
        Assert.Equal("LIQUIDITY_TAKER", json.RootElement.GetProperty("fills")[0].GetProperty("liquidity").GetString());
    }

    [Fact]
    public async Task With_json_stdout_holds_the_response_only()
    {
        var exchange = new FakeExchange().Answer("Trading/GetBalances", new GetBalancesResponse
        {
            Balances = { new Balance { Currency = "HOTEL", Total = 1000, Available = 700, Held = 300 } },
        });

        var result = await Px.RunAsync($"balances --json --server http://px.test --key {Px.Secret}", exchange);

        Assert.Equal((PxApp.Ok, ""), (result.Exit, result.Err));
        using var json = JsonDocument.Parse(result.Out);
        var balance = json.RootElement.GetProperty("balances")[0];
        Assert.Equal(("HOTEL", "700", "300"), (balance.GetProperty("currency").GetString(), balance.GetProperty("available").GetString(), balance.GetProperty("held").GetString()));
    }

    [Fact]
    public async Task Every_ticker_is_one_json_array()
    {
        var exchange = new FakeExchange()
            .Answer("MarketData/ListPairs", new ListPairsResponse { Pairs = { new Pair { Symbol = "A-B" }, new Pair { Symbol = "B-C" } } })
            .Answer("MarketData/GetTicker", () => new Ticker { Symbol = "ANY", LastPrice = 5 });

        var result = await Px.RunAsync("ticker --json --server http://px.test", exchange);

        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.Equal("5", json.RootElement[0].GetProperty("last_price").GetString());
    }

    [Fact]
    public async Task Watching_the_book_with_json_prints_json_lines_no_faster_than_one_a_second_until_cancelled_then_exits_0()
    {
        var exchange = new FakeExchange().Answer("MarketData/GetOrderBook", new OrderBook { Symbol = "HOTEL-AIRMILES", Seq = 4 })
            .Answer("MarketData/ListPairs", new ListPairsResponse());
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(1_500));

        var result = await Px.RunAsync(["book", "HOTEL-AIRMILES", "--watch", "--json", "--server", "http://px.test"], exchange, cancel: stop.Token);

        Assert.Equal(PxApp.Ok, result.Exit);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Not a timing claim (the machine is shared): at most one line a second, and at least the first.
        Assert.InRange(lines.Length, 1, 2);
        Assert.All(lines, line => Assert.Equal("4", JsonDocument.Parse(line).RootElement.GetProperty("seq").GetString()));
    }
}
