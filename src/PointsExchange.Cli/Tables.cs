using System.Globalization;
using PointsExchange.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PointsExchange.Cli;

/// <summary>How responses look to people: compact tables that fit 80 columns.</summary>
internal static class Tables
{
    public static Table Of(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column));
        }

        return table;
    }

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static IRenderable Orders(IEnumerable<Order> orders)
    {
        var table = Of("order", "client id", "symbol", "side", "price", "rate", "qty", "filled", "status");
        foreach (var o in orders)
        {
            table.AddRow(o.OrderId.ToString(CultureInfo.InvariantCulture), Markup.Escape(o.ClientOrderId), o.Symbol, Words.Show(o.Side),
                N(o.Price), o.Rate, N(o.Quantity), N(o.FilledQuantity), Words.Show(o.Status));
        }

        return table;
    }

    public static IRenderable Fills(IEnumerable<Fill> fills)
    {
        var table = Of("trade", "order", "side", "price", "qty", "fee", "liquidity");
        foreach (var f in fills)
        {
            table.AddRow(f.TradeId.ToString(CultureInfo.InvariantCulture), f.OrderId.ToString(CultureInfo.InvariantCulture), Words.Show(f.Side), N(f.Price), N(f.Quantity), $"{N(f.Fee)} {f.FeeCurrency}", Words.Show(f.Liquidity));
        }

        return table;
    }

    public static IRenderable OrderWithFills(OrderResponse response) =>
        response.Fills.Count == 0 ? Orders([response.Order]) : new Rows(Orders([response.Order]), Fills(response.Fills));

    /// <summary>
    /// The book as a ladder: asks from the worst down to the best, the spread, then bids from the best down;
    /// each level with its rate (price / lot size) and a bar proportional to its quantity.
    /// </summary>
    public static IRenderable Ladder(OrderBook book, long lotSize, int barWidth = 20)
    {
        var max = book.Bids.Concat(book.Asks).Select(l => l.Quantity).DefaultIfEmpty(1).Max();
        var table = Of("price", "rate", "lots", "orders", "").Title($"{book.Symbol} (seq {book.Seq})");
        string Bar(long quantity) => new('#', (int)Math.Max(1, quantity * barWidth / Math.Max(1, max)));
        foreach (var ask in book.Asks.Reverse())
        {
            table.AddRow($"[red]{N(ask.Price)}[/]", Words.Rate(ask.Price, lotSize), N(ask.Quantity), N(ask.OrderCount), $"[red]{Bar(ask.Quantity)}[/]");
        }

        var spread = book.Asks.Count > 0 && book.Bids.Count > 0 ? N(book.Asks[0].Price - book.Bids[0].Price) : "-";
        table.AddRow("[grey]-- spread[/]", $"[grey]{spread}[/]", "", "", "");
        foreach (var bid in book.Bids)
        {
            table.AddRow($"[green]{N(bid.Price)}[/]", Words.Rate(bid.Price, lotSize), N(bid.Quantity), N(bid.OrderCount), $"[green]{Bar(bid.Quantity)}[/]");
        }

        return table;
    }
}
