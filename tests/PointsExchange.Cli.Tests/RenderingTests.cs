using PointsExchange.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PointsExchange.Cli.Tests;

/// <summary>What people see: rates, the book's ladder, tables that fit 80 columns.</summary>
public sealed class RenderingTests
{
    private static readonly Pair HotelAirmiles = new() { Symbol = "HOTEL-AIRMILES", Base = "HOTEL", Quote = "AIRMILES", LotSize = 100 };

    [Theory]
    [InlineData(150, 100, "1.5")]
    [InlineData(121, 100, "1.21")]
    [InlineData(100, 100, "1")]
    [InlineData(50, 10, "5")]
    [InlineData(16, 100, "0.16")]
    [InlineData(1, 3, "0.333333333333")]
    [InlineData(0, 100, "0")]
    public void The_rate_is_price_over_lot_size(long price, long lot, string rate) => Assert.Equal(rate, Format.Rate(price, lot));

    [Fact]
    public void The_ladder_puts_asks_worst_first_above_the_spread_and_bids_best_first_below_it()
    {
        var lines = Render(Ladder.Render(Book(), HotelAirmiles));

        int Row(string price) => Array.FindIndex(lines, l => l.TrimStart().StartsWith(price + " ", StringComparison.Ordinal));
        var spread = Array.FindIndex(lines, l => l.Contains(Ladder.SpreadLabel, StringComparison.Ordinal));
        Assert.Equal([spread - 2, spread - 1, spread + 1, spread + 2], [Row("125"), Row("121"), Row("119"), Row("110")]);
        Assert.Contains("1.21", lines[Row("121")], StringComparison.Ordinal);      // the rate column: 121 / 100
        Assert.StartsWith("2 ", lines[spread].TrimStart(), StringComparison.Ordinal); // best ask - best bid
        Assert.Contains("0.02", lines[spread], StringComparison.Ordinal);
        Assert.Contains("lot 100 HOTEL", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bars_are_proportional_to_quantity()
    {
        var lines = Render(Ladder.Render(Book(), HotelAirmiles));

        int Blocks(string price) => lines.Single(l => l.TrimStart().StartsWith(price + " ", StringComparison.Ordinal)).Count(c => c == '█');
        Assert.Equal(Ladder.BarWidth, Blocks("125"));       // the largest level, 10 lots
        Assert.Equal(Ladder.BarWidth / 2, Blocks("121"));   // 5 lots
        Assert.Equal(Ladder.BarWidth / 10, Blocks("110"));  // 1 lot
    }

    [Fact]
    public void Asks_are_red_and_bids_green()
    {
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.Standard });

        console.Write(Ladder.Render(Book(), HotelAirmiles));

        var lines = text.ToString().Split('\n');
        var ask = lines.Single(l => l.Contains("125", StringComparison.Ordinal));
        var bid = lines.Single(l => l.Contains("119", StringComparison.Ordinal));
        Assert.Matches("\u001b\\[(31|91)m125", ask);
        Assert.Matches("\u001b\\[(32|92)m119", bid);
    }

    [Fact]
    public void A_one_sided_book_says_which_side_is_missing()
    {
        var book = new OrderBook { Symbol = "HOTEL-AIRMILES", Asks = { new Level { Price = 121, Quantity = 1, OrderCount = 1 } } };

        var text = string.Join('\n', Render(Ladder.Render(book, HotelAirmiles)));

        Assert.Contains("spread (no bids)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_busy_order_list_fits_80_columns_one_line_per_order()
    {
        // Mixed pairs, client ids, six-digit ids, five-digit prices, four-digit quantities, an IOC and a market order.
        var orders = Enumerable.Range(0, 3).Select(i => new Order
        {
            OrderId = 123_456 + i, ClientOrderId = "bid-004" + i, Symbol = i == 0 ? "AIRMILES-COFFEE" : "HOTEL-AIRMILES", Side = Side.Sell,
            Type = i == 2 ? OrderType.Market : OrderType.Limit, TimeInForce = i == 1 ? TimeInForce.Ioc : TimeInForce.Gtc,
            Price = 12_345, Rate = "123.45", Quantity = 1_000, FilledQuantity = 999, Status = OrderStatus.PartiallyFilled,
        });

        var lines = Render(Tables.Orders(orders));

        AssertOneLineEach(lines, "999/1,000", 3);
        Assert.Contains(lines, l => l.Contains("sell mkt", StringComparison.Ordinal) && l.Contains("bid-0042", StringComparison.Ordinal));
    }

    [Fact]
    public void Fills_across_pairs_fit_80_columns_one_line_per_fill()
    {
        var fills = Enumerable.Range(0, 2).Select(i => new Fill
        {
            TradeId = 1_099_511_627_777 + i, OrderId = 123_456, Symbol = i == 0 ? "AIRMILES-COFFEE" : "HOTEL-AIRMILES", Side = Side.Buy,
            Price = 12_345, Quantity = 1_000, Fee = 200, FeeCurrency = "AIRMILES", Liquidity = Liquidity.Taker,
            Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow),
        });

        var lines = Render(Tables.Fills(fills, new Dictionary<string, long> { ["HOTEL-AIRMILES"] = 100 }));

        AssertOneLineEach(lines, "200 AIRMILES", 2);
        Assert.Contains(lines, l => l.Contains("123.45", StringComparison.Ordinal)); // the rate, where the lot size is known
    }

    [Theory]
    [InlineData("0.0125", 100, "+1.25%")]
    [InlineData("-0.5", 100, "-50%")]
    [InlineData("0", 100, "0%")]
    [InlineData("0", 0, "-")]
    public void The_24h_change_is_a_signed_percentage(string fraction, long open, string shown) =>
        Assert.Equal(shown, Markup.Remove(Tables.Change(new Ticker { Change24H = fraction, Open24H = open })));

    private static void AssertOneLineEach(string[] lines, string marker, int rows)
    {
        var text = string.Join('\n', lines);
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 80, text));
        Assert.True(lines.Count(l => l.Contains(marker, StringComparison.Ordinal)) == rows, text); // a wrapped cell would split the marker
        Assert.True(lines.Count(l => l.Trim().Length > 0) == rows + 2, text);                    // title, header, rows: nothing wrapped
    }

    private static OrderBook Book() => new()
    {
        Symbol = "HOTEL-AIRMILES",
        Seq = 3,
        Asks = { new Level { Price = 121, Quantity = 5, OrderCount = 1 }, new Level { Price = 125, Quantity = 10, OrderCount = 2 } },
        Bids = { new Level { Price = 119, Quantity = 4, OrderCount = 1 }, new Level { Price = 110, Quantity = 1, OrderCount = 1 } },
    };

    private static string[] Render(IRenderable renderable)
    {
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 80;
        console.Write(renderable);
        return text.ToString().Split('\n');
    }
}
