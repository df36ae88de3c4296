using System.Globalization;
using PointsExchange.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;
using static PointsExchange.Cli.Format;

namespace PointsExchange.Cli;

/// <summary>How responses look to people: compact tables that fit 80 columns. Rates come from lot sizes when known.</summary>
internal static class Tables
{
    private static readonly IReadOnlyDictionary<string, long> NoLotSizes = new Dictionary<string, long>();

    /// <summary>
    /// A borderless table with underlined headers: two spaces between columns and no blank border lines, so ten
    /// columns of ids, prices and times still fit 80 columns.
    /// </summary>
    public static Table Of(params string[] columns)
    {
        var table = new Table().Border(TableBorder.None);
        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            var right = column is "price" or "rate" or "lots" or "filled" or "fee" or "orders" or "total" or "held" or "available" or "last"
                or "bid" or "ask" or "lot" or "tick" or "min" or "outstanding" or "issued" or "redeemed" or "holders"
                || column.StartsWith("24h", StringComparison.Ordinal);
            table.AddColumn(new TableColumn(new Markup($"[underline]{Markup.Escape(column)}[/]"))
            {
                Alignment = right ? Justify.Right : Justify.Left,
                Padding = new Padding(0, 0, i == columns.Length - 1 ? 0 : 2, 0),
            });
        }

        return table;
    }

    /// <summary>
    /// Orders, one line each. The symbol moves to the title when all share one, client ids show only when some have
    /// one, and the side carries the type when it is not a plain limit GTC ("sell ioc", "buy mkt", "buy post").
    /// </summary>
    public static IRenderable Orders(IEnumerable<Order> orders)
    {
        var list = orders.ToList();
        if (list.Count == 0)
        {
            return new Markup("[grey]no orders[/]");
        }

        var oneSymbol = list.Select(o => o.Symbol).Distinct(StringComparer.Ordinal).Count() == 1;
        var withClientIds = list.Any(o => o.ClientOrderId.Length > 0);
        // No time column: newest first is the order, and "px order get" shows the times; 80 columns are tight.
        var columns = new List<string> { "order", "side", "price", "rate", "filled", "status" };
        if (!oneSymbol)
        {
            columns.Insert(1, "symbol");
        }

        if (withClientIds)
        {
            columns.Insert(1, "client id");
        }

        var table = Of([.. columns]).Title(oneSymbol ? $"{list[0].Symbol} orders (lots filled/total)" : "orders (lots filled/total)");
        foreach (var o in list)
        {
            var cells = new List<string>
            {
                Id(o.OrderId), SideMarkup(o.Side) + Kind(o, shortForm: true), N(o.Price), o.Rate, $"{N(o.FilledQuantity)}/{N(o.Quantity)}",
                StatusMarkup(o),
            };
            if (!oneSymbol)
            {
                cells.Insert(1, o.Symbol);
            }

            if (withClientIds)
            {
                cells.Insert(1, Markup.Escape(o.ClientOrderId));
            }

            table.AddRow([.. cells]);
        }

        return table;
    }

    /// <summary>Fills, one line each (trade ids are in --json); the symbol moves to the title when all share one.</summary>
    public static IRenderable Fills(IEnumerable<Fill> fills, IReadOnlyDictionary<string, long>? lotSizes = null)
    {
        var list = fills.ToList();
        if (list.Count == 0)
        {
            return new Markup("[grey]no fills[/]");
        }

        var oneSymbol = list.Select(f => f.Symbol).Distinct(StringComparer.Ordinal).Count() == 1;
        var table = oneSymbol
            ? Of("order", "side", "price", "rate", "lots", "fee", "liq", "time").Title($"{list[0].Symbol} fills")
            : Of("order", "symbol", "side", "price", "rate", "lots", "fee", "liq", "time").Title("fills");
        foreach (var f in list)
        {
            var cells = new List<string>
            {
                Id(f.OrderId), SideMarkup(f.Side), N(f.Price), Rate(f.Price, f.Symbol, lotSizes ?? NoLotSizes), N(f.Quantity),
                $"{N(f.Fee)} {f.FeeCurrency}", Words.Liquidity.Name(f.Liquidity), Time(f.Time, seconds: false),
            };
            if (!oneSymbol)
            {
                cells.Insert(1, f.Symbol);
            }

            table.AddRow([.. cells]);
        }

        return table;
    }

    /// <summary>One order in full, a field a line.</summary>
    public static IRenderable Order(Order o)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn();
        void Line(string name, string value) => grid.AddRow($"[grey]{name}[/]", value);
        Line("order", $"[bold]{o.OrderId}[/] {o.Symbol}" + (o.ClientOrderId.Length > 0 ? $" (client id {Markup.Escape(o.ClientOrderId)})" : ""));
        Line("side", SideMarkup(o.Side) + " " + (o.Type == OrderType.Market ? "market, protection price" : "limit") + Kind(o, shortForm: false));
        Line("price", $"{N(o.Price)} a lot (rate {o.Rate})");
        Line("filled", $"{N(o.FilledQuantity)} of {N(o.Quantity)} lots");
        Line("status", StatusMarkup(o) + (o.Reason.Length > 0 ? $" [grey]({Markup.Escape(o.Reason)})[/]" : ""));
        Line("time", FullTime(o.CreatedAt) + (o.UpdatedAt is { } u && !u.Equals(o.CreatedAt) ? $", updated {FullTime(u)}" : ""));
        return grid;
    }

    /// <summary>A placed or replaced order, then what it traded.</summary>
    public static IRenderable OrderWithFills(OrderResponse response, IReadOnlyDictionary<string, long>? lotSizes = null) =>
        response.Fills.Count == 0 ? Order(response.Order) : new Rows(Order(response.Order), Text.Empty, Fills(response.Fills, lotSizes));

    public static IRenderable Balances(IEnumerable<Balance> balances)
    {
        var table = Of("currency", "total", "held", "available");
        foreach (var b in balances)
        {
            table.AddRow(b.Currency, N(b.Total), N(b.Held), $"[bold]{N(b.Available)}[/]");
        }

        return table;
    }

    public static IRenderable Pairs(IEnumerable<Pair> pairs)
    {
        var table = Of("symbol", "lot", "tick", "min", "fees maker/taker", "status");
        foreach (var p in pairs)
        {
            var status = p.Status == PairStatus.Halted ? "[red]halted[/]" : Words.PairStatus.Name(p.Status);
            table.AddRow(p.Symbol, N(p.LotSize), N(p.TickSize), N(p.MinQuantity), $"{p.MakerFeeBps}/{p.TakerFeeBps} bps", status);
        }

        return table;
    }

    public static IRenderable Tickers(IEnumerable<Ticker> tickers)
    {
        var table = Of("symbol", "last", "rate", "bid", "ask", "24h", "24h range", "24h lots");
        foreach (var t in tickers)
        {
            var range = t.Low24H == 0 && t.High24H == 0 ? "-" : $"{N(t.Low24H)}-{N(t.High24H)}";
            table.AddRow(t.Symbol, Dash(t.LastPrice), t.LastPrice == 0 ? "-" : t.LastRate, Dash(t.BestBid), Dash(t.BestAsk), Change(t),
                range, N(t.Volume24H));
        }

        return table;
    }

    /// <summary>The server's change_24h fraction ("0.0125") as a signed, coloured percentage ("+1.25%").</summary>
    public static string Change(Ticker ticker)
    {
        if (ticker.Open24H == 0 || !decimal.TryParse(ticker.Change24H, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction))
        {
            return "-";
        }

        var percent = (fraction * 100).ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture) + "%";
        return fraction > 0 ? $"[green]{percent}[/]" : fraction < 0 ? $"[red]{percent}[/]" : percent;
    }

    public static IRenderable Trades(IEnumerable<Trade> trades)
    {
        var list = trades.ToList();
        if (list.Count == 0)
        {
            return new Markup("[grey]no trades[/]");
        }

        var table = Of("trade", "price", "rate", "lots", "taker", "time").Title($"{list[0].Symbol} trades");
        foreach (var t in list)
        {
            table.AddRow(Id(t.TradeId), N(t.Price), t.Rate, N(t.Quantity), SideMarkup(t.TakerSide), Time(t.Time));
        }

        return table;
    }

    private static string SideMarkup(Side side) => side switch
    {
        Side.Buy => "[green]buy[/]",
        Side.Sell => "[red]sell[/]",
        _ => Words.Side.Name(side),
    };

    /// <summary>What an order is besides its side: "" for a plain limit GTC; " ioc", " mkt", " post" (short) or the words in full.</summary>
    private static string Kind(Order o, bool shortForm)
    {
        if (shortForm)
        {
            return o.Type == OrderType.Market ? " mkt" : o.PostOnly ? " post" : o.TimeInForce is TimeInForce.Ioc or TimeInForce.Fok ? " " + Words.Tif.Name(o.TimeInForce) : "";
        }

        var parts = new List<string>();
        if (o.Type != OrderType.Market)
        {
            parts.Add(Words.Tif.Name(o.TimeInForce));
        }

        if (o.PostOnly)
        {
            parts.Add("post-only");
        }

        if (o.StpMode != SelfTradePrevention.Unspecified)
        {
            parts.Add("stp " + Words.Stp.Name(o.StpMode));
        }

        return parts.Count == 0 ? "" : ", " + string.Join(", ", parts);
    }

    private static string StatusMarkup(Order order) => order.Status switch
    {
        OrderStatus.Filled => "[green]filled[/]",
        OrderStatus.Rejected => "[red]rejected[/]",
        OrderStatus.Expired or OrderStatus.Cancelled => $"[grey]{Words.Status.Name(order.Status)}[/]",
        _ => Words.Status.Name(order.Status),
    };
}
