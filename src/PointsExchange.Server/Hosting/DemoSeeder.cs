using System.Text;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using PointsExchange.Server.Auth;

namespace PointsExchange.Server.Hosting;

/// <summary>
/// Demo data for a first start: three merchants with their points (HOTEL, AIRMILES, COFFEE) and daily
/// issuance limits, three pairs, members holding points, and a market maker's resting orders on each
/// book. Runs only on a ledger without currencies; the keys go to a file readable by its owner only.
/// </summary>
public sealed class DemoSeeder(PostgresLedger ledger, ApiKeys keys, IGrainFactory grains, ILogger<DemoSeeder> logger)
{
    // (base, quote, lot size, reference price per lot): 1 HOTEL = 1.2 AIRMILES, 1 COFFEE = 5 HOTEL, 1 AIRMILES = 0.16 COFFEE.
    private static readonly (string Base, string Quote, long Lot, long Price)[] Books =
    [
        ("HOTEL", "AIRMILES", 100, 120),
        ("COFFEE", "HOTEL", 10, 50),
        ("AIRMILES", "COFFEE", 100, 16),
    ];

    public async Task<bool> SeedIfEmptyAsync(string keyFile, CancellationToken cancel)
    {
        if (await ledger.FindCurrencyAsync("HOTEL", cancel) is not null || (await ledger.ListPairsAsync(cancel)).Count > 0)
        {
            logger.LogInformation("Demo data: the ledger already has data, nothing seeded; keys in {Path}", keyFile);
            return false;
        }

        var env = new StringBuilder("# PointsExchange demo keys: source this file, then try the px commands the server printed.\n");
        var merchants = new Dictionary<string, long>();
        foreach (var (code, name, limit, merchantName) in new[]
        {
            ("HOTEL", "Grand Hotels points", 50_000_000L, "Grand Hotels"),
            ("AIRMILES", "SkyHigh air miles", 80_000_000L, "SkyHigh Airlines"),
            ("COFFEE", "Bean Coffee stars", 20_000_000L, "Bean Coffee"),
        })
        {
            var merchant = await ledger.CreateAccountAsync(merchantName, AccountRole.Merchant, cancel);
            await ledger.CreateCurrencyAsync(code, name, merchant, referenceCashValueMinor: 100, dailyIssuanceLimit: limit, cancel);
            merchants[code] = merchant;
            env.Append($"PX_{code}_MERCHANT_KEY={await keys.CreateAsync(merchant, cancel)}\n");
        }

        var members = new Dictionary<string, long>();
        foreach (var member in new[] { "alice", "bob", "carol", "maker" })
        {
            var id = await ledger.CreateAccountAsync(member, AccountRole.User, cancel);
            members[member] = id;
            env.Append($"PX_{member.ToUpperInvariant()}_KEY={await keys.CreateAsync(id, cancel)}\n");
            foreach (var (code, merchant) in merchants)
            {
                var amount = member == "maker" ? 10_000_000 : 200_000;
                await ledger.IssueAsync(merchant, code, id, amount, $"demo-{member}-{code}", "demo sign-up bonus", cancel);
            }
        }

        foreach (var (baseCode, quoteCode, lot, price) in Books)
        {
            var pair = await ledger.CreatePairAsync(baseCode, quoteCode, lot, tickSize: 1, minQuantity: 1, makerFeeBps: 10, takerFeeBps: 20, cancel);
            var maker = grains.GetGrain<IAccountGrain>(members["maker"]);
            for (var level = 1; level <= 5; level++)
            {
                await PlaceAsync(maker, pair, Matching.Side.Buy, price - level, 10 * level);
                await PlaceAsync(maker, pair, Matching.Side.Sell, price + level, 10 * level);
            }
        }

        await SecretFile.WriteAsync(keyFile, env.ToString());
        logger.LogInformation("Demo data seeded: 3 merchants, 3 currencies, {Pairs} pairs, 4 members; their keys are in {Path}", Books.Length, keyFile);
        return true;
    }

    private static async Task PlaceAsync(IAccountGrain maker, PairInfo pair, Matching.Side side, long price, long quantity)
    {
        var outcome = await maker.Submit(new OrderRequest
        {
            PairId = pair.PairId,
            CommandType = (byte)Matching.CommandType.Place,
            Side = (byte)side,
            OrderType = (byte)Matching.OrderType.Limit,
            TimeInForce = (byte)Matching.TimeInForce.Gtc,
            SelfTradePrevention = (byte)Matching.SelfTradePrevention.ExpireMaker,
            Price = price,
            Quantity = quantity,
        });
        if (outcome.Error != Grains.StatusCodes.Ok)
        {
            throw new InvalidOperationException($"demo order on {pair.Symbol} failed: {outcome.Message}");
        }
    }
}
