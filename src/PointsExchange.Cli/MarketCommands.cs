using System.CommandLine;
using Grpc.Core;
using PointsExchange.Contracts.V1;
using Spectre.Console;
using static PointsExchange.Cli.Commands;

namespace PointsExchange.Cli;

/// <summary>px pairs, ticker, book, market-trades: public market data, asked for without a key.</summary>
internal static class MarketCommands
{
    public static IEnumerable<Command> Build(PxApp app)
    {
        var symbol = Arg<string>("symbol", "the pair, e.g. HOTEL-AIRMILES");
        var optionalSymbol = OptionalArg<string?>("symbol", "one pair; every pair when omitted");
        var depth = Opt<int>("--depth", "levels per side, 1-1000", 10);
        var watch = Opt<bool>("--watch", "redraw every second until Ctrl-C (with --json: one JSON line a second)");
        var limit = Opt<int>("--limit", "trades, 1-1000 (server default 50)", 20);

        yield return Make("pairs", "the pairs traded here, with lot and tick sizes and fees", app, async x =>
        {
            var response = await x.Exchange.MarketData.ListPairsAsync(new ListPairsRequest(), x.Exchange.Anonymous());
            x.Out.Show(response, () => Tables.Pairs(response.Pairs));
        });

        yield return Make("ticker", "last price and rate, best bid and ask, 24h change, range and volume", app, async x =>
        {
            var market = x.Exchange.MarketData;
            if (x.Get(optionalSymbol) is { } one)
            {
                var ticker = await market.GetTickerAsync(new GetTickerRequest { Symbol = one.Trim().ToUpperInvariant() }, x.Exchange.Anonymous());
                x.Out.Show(ticker, () => Tables.Tickers([ticker]));
                return;
            }

            // The contract has no "every ticker" call: one GetTicker per listed pair (StreamTickers would need a stream).
            var tickers = new List<Ticker>();
            foreach (var pair in (await x.Exchange.PairsAsync()).Keys)
            {
                tickers.Add(await market.GetTickerAsync(new GetTickerRequest { Symbol = pair }, x.Exchange.Anonymous()));
            }

            x.Out.ShowAll(tickers, () => Tables.Tickers(tickers));
        }, optionalSymbol);

        yield return Make("book", "the order book as a ladder: asks above, bids below", app, x => BookAsync(x, x.Code(symbol), x.Get(depth), x.Get(watch)),
            symbol, depth, watch);

        yield return Make("market-trades", "a pair's latest trades, newest first", app, async x =>
        {
            var response = await x.Exchange.MarketData.GetTradesAsync(
                new GetTradesRequest { Symbol = x.Code(symbol), Limit = x.Get(limit) }, x.Exchange.Anonymous());
            x.Out.Show(response, () => Tables.Trades(response.Trades));
        }, symbol, limit);
    }

    private static async Task BookAsync(CommandContext x, string symbol, int depth, bool watch)
    {
        Task<OrderBook> Fetch() => x.Exchange.MarketData
            .GetOrderBookAsync(new GetOrderBookRequest { Symbol = symbol, Depth = depth }, x.Exchange.Anonymous()).ResponseAsync;

        var book = await Fetch(); // first: an unknown symbol is NOT_FOUND from the book, not a silent empty ladder
        var pair = (await x.Exchange.PairsAsync()).GetValueOrDefault(symbol);
        if (!watch)
        {
            x.Out.Show(book, () => Ladder.Render(book, pair));
            return;
        }

        try
        {
            if (x.Out.Json)
            {
                while (true)
                {
                    x.Out.ShowLine(book);
                    await Task.Delay(TimeSpan.FromSeconds(1), x.Cancel);
                    book = await Fetch();
                }
            }

            await x.Out.Console.Live(Watched(book, pair)).StartAsync(async live =>
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), x.Cancel);
                    live.UpdateTarget(Watched(await Fetch(), pair));
                }
            });
        }
        catch (Exception e) when (x.Cancel.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Ctrl-C is how --watch ends: not an error.
        }
    }

    private static Table Watched(OrderBook book, Pair? pair) =>
        Ladder.Render(book, pair).Caption($"[grey]{DateTime.UtcNow:HH:mm:ss} UTC, every second; Ctrl-C to stop[/]");
}
