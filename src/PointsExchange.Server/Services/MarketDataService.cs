using Grpc.Core;
using PointsExchange.Contracts.V1;
using PointsExchange.Grains;
using PointsExchange.Ledger;

namespace PointsExchange.Server.Services;

/// <summary>Public market data (no key). Everything shown is committed: trades come from the ledger, depth
/// from a query that passes the commit stage behind every earlier command.</summary>
public sealed class MarketDataService(PostgresLedger ledger, IGrainFactory grains) : MarketData.MarketDataBase
{
    public override async Task<ListPairsResponse> ListPairs(ListPairsRequest request, ServerCallContext context)
    {
        var response = new ListPairsResponse();
        response.Pairs.AddRange((await ledger.ListPairsAsync(context.CancellationToken)).Select(p => p.ToProto()));
        return response;
    }

    public override async Task<Ticker> GetTicker(GetTickerRequest request, ServerCallContext context)
    {
        var pair = await Check.PairAsync(ledger, request.Symbol);
        var depth = await grains.GetGrain<IOrderBookGrain>(pair.PairId).GetDepth(1);
        var stats = await ledger.TradeStatsAsync(pair.PairId, DateTime.UtcNow.AddDays(-1), context.CancellationToken);
        return new Ticker
        {
            Symbol = pair.Symbol,
            LastPrice = stats.Last,
            LastRate = Protos.Rate(stats.Last, pair.LotSize),
            BestBid = depth.Bids.Count > 0 ? depth.Bids[0].Price : 0,
            BestAsk = depth.Asks.Count > 0 ? depth.Asks[0].Price : 0,
            Open24H = stats.Open,
            High24H = stats.High,
            Low24H = stats.Low,
            Volume24H = stats.Volume,
            QuoteVolume24H = stats.QuoteVolume,
            Change24H = stats.Open == 0 ? "0" : ((stats.Last - stats.Open) / (decimal)stats.Open).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture),
            Seq = depth.Sequence,
            Time = Protos.Time(DateTime.UtcNow),
        };
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
}
