using System.CommandLine;
using PointsExchange.Contracts.V1;
using Spectre.Console;
using static PointsExchange.Cli.Commands;

namespace PointsExchange.Cli;

/// <summary>px admin: accounts, currencies, pairs, halts (an ADMIN key).</summary>
internal static class AdminCommands
{
    public static Command Build(PxApp app)
    {
        var name = Opt<string>("--name", "display name", required: true);
        var role = Words.Role.Option("--role", "the account's role");
        role.Required = true;
        var code = Opt<string>("--code", "currency code, e.g. HOTEL", required: true);
        var currencyName = Opt<string>("--name", "the currency's name, e.g. \"Hotel points\"", required: true);
        var merchant = Opt<long>("--merchant", "the merchant's account id", required: true);
        var referenceValue = Opt<long>("--reference-value", "the declared cash value of 100 points, in minor units (100 = 1.00)", 0L);
        var dailyLimit = Opt<long>("--daily-limit", "points issuable per UTC day; 0 = no limit", 0L);
        var baseCode = Opt<string>("--base", "base currency (traded in lots)", required: true);
        var quote = Opt<string>("--quote", "quote currency (prices are in it)", required: true);
        var lot = Opt<long>("--lot-size", "base points per lot", required: true);
        var tick = Opt<long>("--tick-size", "price step, quote points per lot", required: true);
        var minQuantity = Opt<long>("--min-quantity", "smallest order, in lots", required: true);
        var makerFee = Opt<int>("--maker-fee-bps", "maker fee in basis points", 0);
        var takerFee = Opt<int>("--taker-fee-bps", "taker fee in basis points", 0);
        var symbol = Arg<string>("symbol", "the pair, e.g. HOTEL-AIRMILES");

        return Group("admin", "operators: accounts, currencies, pairs, halts (an ADMIN key)",
            Make("create-account", "create an account and its API key (shown once)", app, async x =>
            {
                var created = await x.Exchange.Admin.CreateAccountAsync(
                    new CreateAccountRequest { DisplayName = x.Get(name), Role = x.Get(role)!.Value }, x.Exchange.Authenticated());
                x.Out.Show(created, () => new Markup(
                    $"account [bold]{created.AccountId}[/] ({Words.Role.Name(x.Get(role)!.Value)})\n" +
                    $"api key [bold]{Markup.Escape(created.ApiKey)}[/]\n" +
                    "[yellow]The key is shown this once (only its hash is stored): keep it now.[/]\n"));
            }, name, role),
            Make("create-currency", "create a merchant's points currency", app, async x =>
            {
                var currency = await x.Exchange.Admin.CreateCurrencyAsync(new CreateCurrencyRequest
                {
                    Code = x.Code(code), Name = x.Get(currencyName), MerchantAccountId = x.Get(merchant),
                    ReferenceCashValueMinor = x.Get(referenceValue), DailyIssuanceLimit = x.Get(dailyLimit),
                }, x.Exchange.Authenticated());
                var limit = currency.DailyIssuanceLimit == 0 ? "no daily limit" : $"{Format.N(currency.DailyIssuanceLimit)} a day";
                x.Out.Show(currency, () => new Markup(
                    $"currency [bold]{currency.Code}[/] ({Markup.Escape(currency.Name)}) of merchant {currency.MerchantAccountId}, {limit}\n"));
            }, code, currencyName, merchant, referenceValue, dailyLimit),
            Make("create-pair", "create a pair BASE-QUOTE", app, async x =>
            {
                var pair = await x.Exchange.Admin.CreatePairAsync(new CreatePairRequest
                {
                    Base = x.Code(baseCode), Quote = x.Code(quote), LotSize = x.Get(lot), TickSize = x.Get(tick),
                    MinQuantity = x.Get(minQuantity), MakerFeeBps = x.Get(makerFee), TakerFeeBps = x.Get(takerFee),
                }, x.Exchange.Authenticated());
                x.Out.Show(pair, () => Tables.Pairs([pair]));
            }, baseCode, quote, lot, tick, minQuantity, makerFee, takerFee),
            Status("halt", "halt trading on a pair (cancels still work)", PairStatus.Halted, app, symbol),
            Status("resume", "resume trading on a pair", PairStatus.Trading, app, symbol));
    }

    private static Command Status(string verb, string description, PairStatus status, PxApp app, Argument<string> symbol) =>
        Make(verb, description, app, async x =>
        {
            var pair = await x.Exchange.Admin.SetPairStatusAsync(
                new SetPairStatusRequest { Symbol = x.Code(symbol), Status = status }, x.Exchange.Authenticated());
            x.Out.Show(pair, () => Tables.Pairs([pair]));
        }, symbol);
}
