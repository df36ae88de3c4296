using Grpc.Core;
using PointsExchange.Contracts.V1;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using PointsExchange.Server.Hosting;
using PointsExchange.Server.Streaming;

namespace PointsExchange.Server.Services;

/// <summary>Public market data (no key). Everything shown is committed: trades come from the ledger, depth
/// from a query that passes the commit stage behind every earlier command.</summary>
internal sealed class MarketDataService(PostgresLedger ledger, IGrainFactory grains, MarketDataHub hub, StreamDrain drain) : MarketData.MarketDataBase
{
    /// <summary>Most candles one GetCandles answers.</summary>
    public const int MaxCandles = 10_000;

    public override async Task<ListPairsResponse> ListPairs(ListPairsRequest request, ServerCallContext context)
    {
        var response = new ListPairsResponse();
        response.Pairs.AddRange((await ledger.ListPairsAsync(context.CancellationToken)).Select(p => p.ToProto()));
        return response;
    }

    public override async Task<Ticker> GetTicker(GetTickerRequest request, ServerCallContext context)
    {
        var pair = await LoadedPairAsync(request.Symbol);
        return hub.Ticker(pair.PairId);
    }

    public override async Task<OrderBook> GetOrderBook(GetOrderBookRequest request, ServerCallContext context)
    {
        var pair = await Check.PairAsync(ledger, request.Symbol);
        var levels = request.Depth == 0 ? 20 : request.Depth is > 0 and <= 1_000 ? request.Depth : throw Check.Invalid("depth", "must be 1 to 1000");
        var depth = await grains.GetGrain<IOrderBookGrain>(pair.PairId).GetDepth(levels);
        var book = new OrderBook { Symbol = pair.Symbol, Seq = depth.Sequence };
        book.Bids.AddRange(depth.Bids.Select(l => new Level { Price = l.Price, Quantity = l.Quantity, OrderCount = l.OrderCount }));
        book.Asks.AddRange(depth.Asks.Select(l => new Level { Price = l.Price, Quantity = l.Quantity, OrderCount = l.OrderCount }));
        return book;
    }

    public override async Task<GetTradesResponse> GetTrades(GetTradesRequest request, ServerCallContext context)
    {
        var pair = await Check.PairAsync(ledger, request.Symbol);
        var limit = request.Limit == 0 ? 50 : request.Limit is > 0 and <= 1_000 ? request.Limit : throw Check.Invalid("limit", "must be 1 to 1000");
        var response = new GetTradesResponse();
        response.Trades.AddRange((await ledger.RecentTradesAsync(pair.PairId, limit, context.CancellationToken)).Select(t => t.ToProto(pair)));
        return response;
    }

    public override async Task<GetCandlesResponse> GetCandles(GetCandlesRequest request, ServerCallContext context)
    {
        var pair = await Check.PairAsync(ledger, request.Symbol);
        var (interval, width) = Interval(request.Interval);
        var end = request.End is null ? DateTime.UtcNow : Time(request.End, "end");
        var start = request.Start is null ? end - (width * 500) : Time(request.Start, "start");
        if (start >= end)
        {
            throw Check.Invalid("start", "must be before end");
        }

        if ((end - start) / width > MaxCandles)
        {
            throw Check.Invalid("start", $"the range spans more than {MaxCandles} candles of this interval; narrow it or choose a wider interval");
        }

        var rows = await ledger.CandlesAsync(pair.PairId, width, start, end, MaxCandles, context.CancellationToken);
        var response = new GetCandlesResponse();
        response.Candles.AddRange(rows.Select(r => PairFeed.ToCandle(pair.Symbol, interval,
            new TradeTape.Bar(SettlementPlanner.ToMicros(r.OpenTime), r.Open, r.High, r.Low, r.Close, r.Volume, r.QuoteVolume))));
        return response;
    }

    public override async Task StreamTrades(StreamTradesRequest request, IServerStreamWriter<Trade> responseStream, ServerCallContext context)
    {
        var pair = await LoadedPairAsync(request.Symbol);
        await ServeAsync(hub.SubscribeTrades(pair.PairId), responseStream, t => t, context);
    }

    public override async Task StreamOrderBook(StreamOrderBookRequest request, IServerStreamWriter<OrderBookUpdate> responseStream, ServerCallContext context)
    {
        var levels = request.Depth == 0 ? 20 : request.Depth is > 0 and <= 1_000 ? request.Depth : throw Check.Invalid("depth", "must be 1 to 1000");
        var pair = await LoadedPairAsync(request.Symbol);
        var window = new DepthWindow(pair.Symbol, levels);
        await ServeAsync(hub.SubscribeBook(pair.PairId), responseStream, window.Next, context);
    }

    public override async Task StreamCandles(StreamCandlesRequest request, IServerStreamWriter<Candle> responseStream, ServerCallContext context)
    {
        var (interval, _) = Interval(request.Interval);
        var pair = await LoadedPairAsync(request.Symbol);
        var index = TradeTape.Intervals.Select(i => i.Interval).ToList().IndexOf(interval);
        await ServeAsync(hub.SubscribeCandles(pair.PairId, index), responseStream, c => c, context);
    }

    public override async Task StreamTickers(StreamTickersRequest request, IServerStreamWriter<Ticker> responseStream, ServerCallContext context)
    {
        var pairs = new List<int>();
        foreach (var symbol in request.Symbols.Distinct(StringComparer.Ordinal))
        {
            pairs.Add((await LoadedPairAsync(symbol)).PairId);
        }

        if (pairs.Count == 0)
        {
            foreach (var pair in await ledger.ListPairsAsync(context.CancellationToken))
            {
                await EnsureLoadedAsync(pair.PairId);
            }
        }

        await ServeAsync(hub.SubscribeTickers(pairs.Count == 0 ? null : pairs), responseStream, t => t, context);
    }

    /// <summary>Response headers go out once the subscription is in place: a client that awaits them misses nothing after.</summary>
    internal static Task Subscribed(ServerCallContext context) => context.WriteResponseHeadersAsync([]);

    private async Task ServeAsync<T, TWire>(Subscription<T> subscription, IServerStreamWriter<TWire> stream, Func<T, TWire?> toWire,
        ServerCallContext context)
        where TWire : class
    {
        drain.Track(context);
        // Ends with UNAVAILABLE when the server stops, at once if it is stopping already.
        using var stopping = drain.Stopping.Register(subscription.Shutdown);
        try
        {
            await Subscribed(context);
            await subscription.PumpAsync(stream, toWire, context.CancellationToken);
        }
        finally
        {
            subscription.Close();
        }
    }

    /// <summary>A pair whose book (and so its market data feed) is loaded in this silo.</summary>
    private async Task<PairInfo> LoadedPairAsync(string symbol)
    {
        var pair = await Check.PairAsync(ledger, symbol);
        await EnsureLoadedAsync(pair.PairId);
        return pair;
    }

    /// <summary>Activates the pair's grain, which loads its book (and the hub's feed) in the silo that owns it.</summary>
    private Task EnsureLoadedAsync(int pairId) => grains.GetGrain<IOrderBookGrain>(pairId).GetDepth(1);

    private static (CandleInterval Interval, TimeSpan Width) Interval(CandleInterval interval) =>
        TradeTape.Intervals.FirstOrDefault(i => i.Interval == interval) is { Micros: > 0 } known
            ? (known.Interval, TimeSpan.FromMicroseconds(known.Micros))
            : throw Check.Invalid("interval", "must be one of CANDLE_INTERVAL_1M, _5M, _1H, _1D");

    private static DateTime Time(Google.Protobuf.WellKnownTypes.Timestamp time, string field)
    {
        try
        {
            return time.ToDateTime();
        }
        catch (InvalidOperationException)
        {
            throw Check.Invalid(field, "is not a valid timestamp");
        }
    }
}
