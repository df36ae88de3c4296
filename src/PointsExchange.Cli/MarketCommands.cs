using System.CommandLine;
using PointsExchange.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;
using static PointsExchange.Cli.Commands;

namespace PointsExchange.Cli;

/// <summary>px pairs, ticker, book, market-trades: public market data (no key).</summary>
internal static class MarketCommands
{
    public static IEnumerable<Command> Build(Io io)
    {
        var symbol = Arg<string>("symbol", "the pair, e.g. HOTEL-AIRMILES");
        var optionalSymbol = OptionalArg<string?>("symbol", "one pair; all when omitted");
        var depth = Opt<int>("--depth", "levels per side", 10);
        var watch = Opt<bool>("--watch", "redraw every second until Ctrl-C");
        var limit = Opt<int>("--limit", "trades (1-1000)", 20);

        yield return Make("pairs", "the pairs traded here", io, async (_, s) =>
        {
            var response = await new MarketData.MarketDataClient(s.Channel).ListPairsAsync(new ListPairsRequest(), s.Call(authenticated: false));
            s.Print(response, () => PairsTable(response.Pairs));
        });
        yield return Make("ticker", "last price, best bid and ask, 24h range and volume", io, async (p, s) =>
        {
            var client = new MarketData.MarketDataClient(s.Channel);
            var symbols = p.GetValue(optionalSymbol) is { } one
                ? [one]
                : (await client.ListPairsAsync(new ListPairsRequest(), s.Call(authenticated: false))).Pairs.Select(x => x.Symbol).ToList();
            var tickers = new List<Ticker>();
            foreach (var name in symbols)
            {
                tickers.Add(await client.GetTickerAsync(new GetTickerRequest { Symbol = name }, s.Call(authenticated: false)));
            }

            foreach (var ticker in tickers)
            {
                s.Print(ticker, () => TickerTable(tickers));
                if (!s.Json)
                {
                    break;
                }
            }
        }, optionalSymbol);
        yield return Make("book", "the order book as a ladder", io, async (p, s) =>
        {
            var client = new MarketData.MarketDataClient(s.Channel);
            var name = p.GetValue(symbol)!;
            var pairs = await client.ListPairsAsync(new ListPairsRequest(), s.Call(authenticated: false));
            var lot = pairs.Pairs.FirstOrDefault(x => x.Symbol == name)?.LotSize ?? 0;
            Task<OrderBook> Fetch() => client.GetOrderBookAsync(new GetOrderBookRequest { Symbol = name, Depth = p.GetValue(depth) }, s.Call(authenticated: false)).ResponseAsync;
            var book = await Fetch();
            if (!p.GetValue(watch) || s.Json)
            {
                s.Print(book, () => Tables.Ladder(book, lot));
                return;
            }

            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            await io.Console.Live(Tables.Ladder(book, lot)).StartAsync(async live =>
            {
                while (!stop.IsCancellationRequested)
                {
                    live.UpdateTarget(Tables.Ladder(await Fetch(), lot));
                    await Task.Delay(1_000, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            });
        }, symbol, depth, watch);
        yield return Make("market-trades", "a pair's latest trades", io, async (p, s) =>
        {
            var response = await new MarketData.MarketDataClient(s.Channel).GetTradesAsync(
                new GetTradesRequest { Symbol = p.GetValue(symbol)!, Limit = p.GetValue(limit) }, s.Call(authenticated: false));
            s.Print(response, () =>
            {
                var table = Tables.Of("trade", "price", "rate", "lots", "taker", "time (UTC)");
                foreach (var t in response.Trades)
                {
                    table.AddRow(t.TradeId.ToString(System.Globalization.CultureInfo.InvariantCulture), Tables.N(t.Price), t.Rate, Tables.N(t.Quantity),
                        Words.Show(t.TakerSide), t.Time.ToDateTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
                }

                return table;
            });
        }, symbol, limit);
    }

    public static IRenderable PairsTable(IEnumerable<Pair> pairs)
    {
        var table = Tables.Of("symbol", "lot", "tick", "min", "maker bps", "taker bps", "status");
        foreach (var p in pairs)
        {
            table.AddRow(p.Symbol, Tables.N(p.LotSize), Tables.N(p.TickSize), Tables.N(p.MinQuantity), p.MakerFeeBps.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p.TakerFeeBps.ToString(System.Globalization.CultureInfo.InvariantCulture), Words.Show(p.Status));
        }

        return table;
    }

    private static IRenderable TickerTable(IEnumerable<Ticker> tickers)
    {
        var table = Tables.Of("symbol", "last", "rate", "bid", "ask", "24h low", "24h high", "24h lots");
        foreach (var t in tickers)
        {
            table.AddRow(t.Symbol, Tables.N(t.LastPrice), t.LastRate, Tables.N(t.BestBid), Tables.N(t.BestAsk), Tables.N(t.Low24H),
                Tables.N(t.High24H), Tables.N(t.Volume24H));
        }

        return table;
    }
}
