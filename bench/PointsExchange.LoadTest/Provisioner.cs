using System.Security.Cryptography;
using Grpc.Core;
using PointsExchange.Contracts.V1;

namespace PointsExchange.LoadTest;

/// <summary>
/// Makes the load's own world through the Admin and Merchant API, as an operator and merchants would: a merchant
/// and a currency per code <c>LD&lt;tag&gt;A</c>, <c>LD&lt;tag&gt;B</c>, ... (the tag is random, so codes never collide with
/// the demo's or another run's), pairs chaining them (<c>LD&lt;tag&gt;A-LD&lt;tag&gt;B</c>, <c>LD&lt;tag&gt;B-LD&lt;tag&gt;C</c>, ...), and
/// members funded generously in every currency they trade. With --reuse it starts from an earlier run's state and
/// only adds what is missing and tops balances up.
/// </summary>
internal sealed class Provisioner(ExchangeConnection exchange, string adminKey, TextWriter log)
{
    public const int MaxPairs = 25;

    /// <summary>Points of each currency a member holds when the run starts: a million orders' worth of holds.</summary>
    public const long Funding = 1_000_000_000;

    /// <summary>Far above what funding ever issues in a day (10,000 members would take 10^13).</summary>
    public const long DailyIssuanceLimit = 1_000_000_000_000_000;

    public const long LotSize = 100;
    public const long TickSize = 1;

    public async Task<LoadState> EnsureAsync(LoadState? earlier, int pairs, int members, string runId, CancellationToken cancel)
    {
        var state = earlier ?? new LoadState { Tag = NewTag(), Server = exchange.Address, CreatedAt = DateTime.UtcNow };
        try
        {
            if (earlier is not null)
            {
                await CheckStillThereAsync(state, cancel);
            }

            var created = (Currencies: 0, Pairs: 0, Members: 0);
            var admin = ExchangeConnection.As(adminKey, cancel);
            while (state.Currencies.Count < pairs + 1)
            {
                var code = $"LD{state.Tag}{(char)('A' + state.Currencies.Count)}";
                var merchant = await exchange.Admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = $"px-load merchant {code}", Role = Role.Merchant }, admin);
                await exchange.Admin.CreateCurrencyAsync(new CreateCurrencyRequest
                {
                    Code = code, Name = $"px-load points {code}", MerchantAccountId = merchant.AccountId, ReferenceCashValueMinor = 100,
                    DailyIssuanceLimit = DailyIssuanceLimit,
                }, admin);
                state.Currencies.Add(new CurrencyState(code, merchant.AccountId, merchant.ApiKey));
                created.Currencies++;
            }

            while (state.Pairs.Count < pairs)
            {
                var i = state.Pairs.Count;
                var (baseCode, quote) = (state.Currencies[i].Code, state.Currencies[i + 1].Code);
                var pair = await exchange.Admin.CreatePairAsync(new CreatePairRequest
                {
                    Base = baseCode, Quote = quote, LotSize = LotSize, TickSize = TickSize, MinQuantity = 1, MakerFeeBps = 10, TakerFeeBps = 20,
                }, admin);
                state.Pairs.Add(new PairState(pair.Symbol, baseCode, quote, LotSize, TickSize, MidPrice: 1_000 + (100 * i)));
                created.Pairs++;
            }

            while (state.Members.Count < members)
            {
                var member = await exchange.Admin.CreateAccountAsync(
                    new CreateAccountRequest { DisplayName = $"px-load member {state.Tag}-{state.Members.Count + 1}", Role = Role.User }, admin);
                state.Members.Add(new MemberState(member.AccountId, member.ApiKey));
                created.Members++;
            }

            var funded = await FundAsync(state, pairs, members, runId, cancel);
            await log.WriteLineAsync($"px-load: {(earlier is null ? "created" : $"reused world {state.Tag}, added")} {created.Currencies} currencies, " +
                $"{created.Pairs} pairs, {created.Members} members; trading {string.Join(", ", state.Pairs.Take(pairs).Select(p => p.Symbol))} " +
                $"with {members} members; {funded} balances funded to {Funding:N0} points");
            return state;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            throw new SetupException($"the exchange refused the admin key ({e.StatusCode}: {e.Status.Detail}); is --admin-key-file this server's key?", e);
        }
        catch (RpcException e) when (!cancel.IsCancellationRequested)
        {
            throw new SetupException($"setting up the load failed: {e.StatusCode}: {e.Status.Detail}", e);
        }
    }

    /// <summary>Tops every member's balance of every traded currency up to <see cref="Funding"/> when it fell below half.</summary>
    private async Task<int> FundAsync(LoadState state, int pairs, int members, string runId, CancellationToken cancel)
    {
        var currencies = state.Currencies.Take(pairs + 1).ToList();
        var funded = 0;
        await Parallel.ForEachAsync(state.Members.Take(members), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancel }, async (member, token) =>
        {
            var balances = await exchange.Trading.GetBalancesAsync(new GetBalancesRequest(), ExchangeConnection.As(member.ApiKey, token));
            foreach (var currency in currencies)
            {
                var available = balances.Balances.FirstOrDefault(b => b.Currency == currency.Code)?.Available ?? 0;
                if (available >= Funding / 2)
                {
                    continue;
                }

                await exchange.Merchant.IssuePointsAsync(new PointsRequest
                {
                    Currency = currency.Code, AccountId = member.AccountId, Amount = Funding - available,
                    IdempotencyKey = $"px-load-{runId}-{member.AccountId}-{currency.Code}", Memo = "px-load funding",
                }, ExchangeConnection.As(currency.MerchantApiKey, token));
                Interlocked.Increment(ref funded);
            }
        });
        return funded;
    }

    private async Task CheckStillThereAsync(LoadState state, CancellationToken cancel)
    {
        var symbols = (await exchange.MarketData.ListPairsAsync(new ListPairsRequest(), new CallOptions(cancellationToken: cancel))).Pairs
            .Select(p => p.Symbol).ToHashSet(StringComparer.Ordinal);
        if (state.Pairs.FirstOrDefault(p => !symbols.Contains(p.Symbol)) is { } missing)
        {
            throw new SetupException($"--reuse: pair {missing.Symbol} of the state file is not on {exchange.Address} (another server, or a new database?); " +
                "run without --reuse to create a new world");
        }
    }

    /// <summary>Four characters of A-Z0-9 from a secure source: random, never derived from --seed.</summary>
    private static string NewTag()
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return new string([.. Enumerable.Range(0, 4).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)])]);
    }
}
