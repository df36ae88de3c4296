using Microsoft.Extensions.Options;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using PointsExchange.Matching;

namespace PointsExchange.Server.Hosting;

/// <summary>
/// Keeps the demo market alive (option <c>DemoActivity</c>, which start.sh turns on): about every two
/// seconds the demo member carol takes a few lots at the touch of a random pair, and the demo market
/// maker quotes again on that side a tick or so away, drawn back towards the pair's reference rate, so
/// rates, tickers and candles move on the dashboard. Orders go through the same grains as any client's.
/// </summary>
public sealed class DemoActivity(PostgresLedger ledger, IGrainFactory grains, IOptions<ServerOptions> options, ILogger<DemoActivity> logger)
    : BackgroundService
{
    // Where the demo seeder started each book: the maker's quotes stay within a few ticks of it.
    private static readonly Dictionary<string, long> Reference = new(StringComparer.Ordinal)
    {
        ["HOTEL-AIRMILES"] = 120, ["COFFEE-HOTEL"] = 50, ["AIRMILES-COFFEE"] = 16,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DemoActivity)
        {
            return;
        }

        var random = new Random();
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1_500 + random.Next(1_000)), stoppingToken);
            try
            {
                await TradeOnceAsync(random, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Demo activity: one round failed");
            }
        }
    }

    private async Task TradeOnceAsync(Random random, CancellationToken cancel)
    {
        if (await ledger.FindAccountAsync("carol", AccountRole.User, cancel) is not { } carol
            || await ledger.FindAccountAsync("maker", AccountRole.User, cancel) is not { } maker)
        {
            return;
        }

        var pairs = (await ledger.ListPairsAsync(cancel)).Where(p => Reference.ContainsKey(p.Symbol) && !p.Halted).ToList();
        if (pairs.Count == 0)
        {
            return;
        }

        var pair = pairs[random.Next(pairs.Count)];
        var depth = await grains.GetGrain<IOrderBookGrain>(pair.PairId).GetDepth(1);
        if (depth.Bids.Count == 0 || depth.Asks.Count == 0)
        {
            return;
        }

        var (bid, ask) = (depth.Bids[0].Price, depth.Asks[0].Price);
        var buy = random.Next(2) == 0;
        var touch = buy ? ask : bid;
        var lots = 1 + random.Next(3);
        await SubmitAsync(carol, pair, buy ? Side.Buy : Side.Sell, touch, lots, TimeInForce.Ioc);

        // The maker quotes again on the side that was taken, a tick away at most, pulled towards the reference.
        var reference = Reference[pair.Symbol];
        var step = touch > reference + 3 ? -random.Next(2) : touch < reference - 3 ? random.Next(2) : random.Next(3) - 1;
        var price = buy ? Math.Max(bid + pair.TickSize, touch + (step * pair.TickSize)) : Math.Min(ask - pair.TickSize, touch + (step * pair.TickSize));
        await SubmitAsync(maker, pair, buy ? Side.Sell : Side.Buy, price, lots + random.Next(3), TimeInForce.Gtc);
    }

    private async Task SubmitAsync(long account, PairInfo pair, Side side, long price, long quantity, TimeInForce timeInForce)
    {
        var outcome = await grains.GetGrain<IAccountGrain>(account).Submit(new OrderRequest
        {
            PairId = pair.PairId, CommandType = (byte)CommandType.Place, Side = (byte)side, OrderType = (byte)OrderType.Limit,
            TimeInForce = (byte)timeInForce, SelfTradePrevention = (byte)Matching.SelfTradePrevention.ExpireMaker, Price = price, Quantity = quantity,
        });
        if (outcome.Error != Grains.StatusCodes.Ok)
        {
            logger.LogDebug("Demo activity: {Side} {Quantity} {Symbol} at {Price} refused: {Message}", side, quantity, pair.Symbol, price, outcome.Message);
        }
    }
}
