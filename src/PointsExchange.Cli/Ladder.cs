using PointsExchange.Contracts.V1;
using Spectre.Console;
using static PointsExchange.Cli.Format;

namespace PointsExchange.Cli;

/// <summary>
/// The order book as a ladder, read top to bottom: asks in red from the worst (highest) down to the best, a spread
/// line, then bids in green from the best (highest) down. So the two best prices sit either side of the spread.
/// Each level shows its price, its rate (price / lot size), its quantity in lots, its order count, and a bar whose
/// length is proportional to its quantity (the largest level on either side fills <see cref="BarWidth"/>).
/// </summary>
internal static class Ladder
{
    public const int BarWidth = 20;
    public const string SpreadLabel = "spread";

    public static Table Render(OrderBook book, Pair? pair)
    {
        var lot = pair?.LotSize ?? 0;
        var title = pair is null ? $"{book.Symbol}  seq {book.Seq}" : $"{book.Symbol}  lot {N(lot)} {pair.Base}  seq {book.Seq}";
        var table = Tables.Of("price", "rate", "lots", "orders", "").Title(title);
        var largest = book.Asks.Concat(book.Bids).Select(l => l.Quantity).DefaultIfEmpty(0).Max();

        foreach (var ask in book.Asks.Reverse())
        {
            AddLevel(table, ask, lot, largest, "red");
        }

        AddSpread(table, book, lot);

        foreach (var bid in book.Bids)
        {
            AddLevel(table, bid, lot, largest, "green");
        }

        return table;
    }

    /// <summary>A bar of 1 to <see cref="BarWidth"/> blocks; integer arithmetic, so equal quantities draw equal bars.</summary>
    public static string Bar(long quantity, long largest) =>
        largest <= 0 || quantity <= 0 ? "" : new string('█', (int)Math.Clamp(quantity * BarWidth / largest, 1, BarWidth));

    private static void AddLevel(Table table, Level level, long lot, long largest, string color) =>
        table.AddRow($"[{color}]{N(level.Price)}[/]", $"[{color}]{Rate(level.Price, lot)}[/]", N(level.Quantity), N(level.OrderCount),
            $"[{color}]{Bar(level.Quantity, largest)}[/]");

    // The spread in both units, price (quote points per lot) and rate, in the columns they belong to.
    private static void AddSpread(Table table, OrderBook book, long lot)
    {
        if (book.Asks.Count == 0 || book.Bids.Count == 0)
        {
            var missing = book.Asks.Count == 0 && book.Bids.Count == 0 ? "empty book" : book.Asks.Count == 0 ? "no asks" : "no bids";
            table.AddRow("[yellow]-[/]", "[yellow]-[/]", "", "", $"[yellow]{SpreadLabel} ({missing})[/]");
            return;
        }

        var spread = book.Asks[0].Price - book.Bids[0].Price;
        table.AddRow($"[yellow]{N(spread)}[/]", $"[yellow]{Rate(spread, lot)}[/]", "", "", $"[yellow]{SpreadLabel}[/]");
    }
}
