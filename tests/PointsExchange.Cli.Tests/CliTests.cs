using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PointsExchange.Contracts.V1;
using Spectre.Console;

namespace PointsExchange.Cli.Tests;

public sealed class CliTests
{
    private static async Task<(int Exit, string Out, string Err)> Px(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await PxApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    [Theory]
    [InlineData("order place HOTEL-AIRMILES hold 1 --price 100", "side")]
    [InlineData("order place HOTEL-AIRMILES buy 1 --price 100 --tif forever", "--tif")]
    [InlineData("order place HOTEL-AIRMILES buy 1 --price 100 --stp never", "--stp")]
    [InlineData("order place HOTEL-AIRMILES buy 1 --type stop --price 100", "--type")]
    [InlineData("order place HOTEL-AIRMILES buy 1 --type market", "protection price")]
    [InlineData("admin create-account --name x --role god", "--role")]
    [InlineData("order place HOTEL-AIRMILES buy lots --price 100", "lots")]
    [InlineData("order cancel HOTEL-AIRMILES 5 --client-id also", "not both")]
    public async Task Bad_usage_exits_with_2_and_names_the_option(string line, string mentions)
    {
        var (exit, _, err) = await Px([.. line.Split(' '), "--server", ClosedPort(), "--key", "px_k"]);

        Assert.Equal(PxApp.Usage, exit);
        Assert.Contains(mentions, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_friendly_error_with_exit_1_that_never_shows_the_key()
    {
        var server = ClosedPort();

        var (exit, _, err) = await Px("balances", "--server", server, "--key", "px_secret_value");

        Assert.Equal(PxApp.Refused, exit);
        Assert.Contains("cannot reach the server at " + server, err, StringComparison.Ordinal);
        Assert.DoesNotContain("px_secret_value", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trading_commands_without_a_key_are_refused_before_calling()
    {
        var (exit, _, err) = await Px("balances", "--server", ClosedPort(), "--key", "");

        Assert.Equal(PxApp.Usage, exit);
        Assert.Contains("API key", err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_is_sent_as_a_bearer_token_and_market_data_sends_none()
    {
        var root = new System.CommandLine.RootCommand();
        foreach (var option in GlobalOptions.All)
        {
            root.Options.Add(option);
        }

        using var session = new Session(root.Parse(["--key", "px_abc", "--server", "http://127.0.0.1:1"]), new Io(TextWriter.Null, TextWriter.Null));

        Assert.Equal("Bearer px_abc", session.Call().Headers!.GetValue("authorization"));
        Assert.Null(session.Call(authenticated: false).Headers!.GetValue("authorization"));
        Assert.True(session.Call().Deadline > DateTime.UtcNow);
    }

    [Fact]
    public void Json_output_uses_the_protos_field_names_and_includes_defaults()
    {
        var response = new OrderResponse { Order = new Order { OrderId = 7, Symbol = "HOTEL-AIRMILES", Status = OrderStatus.New } };

        using var json = JsonDocument.Parse(Session.ToJson(response));

        var order = json.RootElement.GetProperty("order");
        Assert.Equal("7", order.GetProperty("orderId").GetString());
        Assert.Equal("ORDER_STATUS_NEW", order.GetProperty("status").GetString());
        Assert.Equal("0", order.GetProperty("filledQuantity").GetString());
    }

    [Theory]
    [InlineData(150, 100, "1.5")]
    [InlineData(121, 100, "1.21")]
    [InlineData(50, 10, "5")]
    [InlineData(1, 3, "0.333333")]
    public void The_rate_is_price_over_lot_size(long price, long lot, string rate) => Assert.Equal(rate, Words.Rate(price, lot));

    [Fact]
    public void The_ladder_shows_asks_above_bids_with_the_best_of_each_next_to_the_spread()
    {
        var book = new OrderBook { Symbol = "HOTEL-AIRMILES", Seq = 3 };
        book.Asks.Add([new Level { Price = 121, Quantity = 5, OrderCount = 1 }, new Level { Price = 125, Quantity = 9, OrderCount = 2 }]);
        book.Bids.Add([new Level { Price = 119, Quantity = 4, OrderCount = 1 }, new Level { Price = 110, Quantity = 1, OrderCount = 1 }]);
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });

        console.Write(Tables.Ladder(book, lotSize: 100));

        var lines = text.ToString().Split('\n');
        int Row(string start) => Array.FindIndex(lines, l => l.TrimStart().StartsWith(start, StringComparison.Ordinal));
        Assert.True(Row("125") < Row("121") && Row("121") < Row("-- spread") && Row("-- spread") < Row("119") && Row("119") < Row("110"));
        Assert.Contains("1.21", lines[Row("121")], StringComparison.Ordinal);
        Assert.Contains(" 2 ", lines[Row("-- spread")], StringComparison.Ordinal);
    }
}
