using PointsExchange.Contracts.V1;
using Spectre.Console;
using static PointsExchange.Cli.Commands;

namespace PointsExchange.Cli;

/// <summary>px admin: accounts, currencies, pairs, halts (an ADMIN key).</summary>
internal static class AdminCommands
{
    public static System.CommandLine.Command Build(Io io)
    {
        var name = Opt<string>("--name", "display name", required: true);
        var role = Opt<string>("--role", "admin, merchant or user", required: true);
        var code = Opt<string>("--code", "currency code, e.g. HOTEL", required: true);
        var merchant = Opt<long>("--merchant", "the merchant's account id", required: true);
        var referenceValue = Opt<long>("--reference-value", "cash value of 100 points in minor units (100 = 1.00)", 0L);
        var dailyLimit = Opt<long>("--daily-limit", "points issuable per UTC day; 0 = no limit", 0L);
        var baseCode = Opt<string>("--base", "base currency", required: true);
        var quote = Opt<string>("--quote", "quote currency", required: true);
        var lot = Opt<long>("--lot-size", "base points per lot", required: true);
        var tick = Opt<long>("--tick-size", "price step, quote points per lot", required: true);
        var minQuantity = Opt<long>("--min-quantity", "smallest order, in lots", 1L);
        var makerFee = Opt<int>("--maker-fee-bps", "maker fee in basis points", 0);
        var takerFee = Opt<int>("--taker-fee-bps", "taker fee in basis points", 0);
        var symbol = Arg<string>("symbol", "the pair, e.g. HOTEL-AIRMILES");

        return Group("admin", "operators: accounts, currencies, pairs, halts",
            Make("create-account", "create an account and its API key (shown once)", io, async (p, s) =>
            {
                var created = await new Admin.AdminClient(s.Channel).CreateAccountAsync(
                    new CreateAccountRequest { DisplayName = p.GetValue(name)!, Role = Words.Role(p.GetValue(role)!) }, s.Call());
                s.Print(created, () => new Markup(
                    $"account [bold]{created.AccountId}[/]\napi key [bold]{Markup.Escape(created.ApiKey)}[/]\n[grey]The key is shown once: store it now.[/]\n"));
            }, name, role),
            Make("create-currency", "create a merchant's points currency", io, async (p, s) =>
            {
                var currency = await new Admin.AdminClient(s.Channel).CreateCurrencyAsync(new CreateCurrencyRequest
                {
                    Code = p.GetValue(code)!, Name = p.GetValue(name)!, MerchantAccountId = p.GetValue(merchant),
                    ReferenceCashValueMinor = p.GetValue(referenceValue), DailyIssuanceLimit = p.GetValue(dailyLimit),
                }, s.Call());
                s.Print(currency, () => new Markup($"currency [bold]{currency.Code}[/] for merchant {currency.MerchantAccountId}\n"));
            }, code, name, merchant, referenceValue, dailyLimit),
            Make("create-pair", "create a pair BASE-QUOTE", io, async (p, s) =>
            {
                var pair = await new Admin.AdminClient(s.Channel).CreatePairAsync(new CreatePairRequest
                {
                    Base = p.GetValue(baseCode)!, Quote = p.GetValue(quote)!, LotSize = p.GetValue(lot), TickSize = p.GetValue(tick),
                    MinQuantity = p.GetValue(minQuantity), MakerFeeBps = p.GetValue(makerFee), TakerFeeBps = p.GetValue(takerFee),
                }, s.Call());
                s.Print(pair, () => MarketCommands.PairsTable([pair]));
            }, baseCode, quote, lot, tick, minQuantity, makerFee, takerFee),
            Status("halt", "halt trading on a pair (cancels still work)", PairStatus.Halted, io, symbol),
            Status("resume", "resume trading on a pair", PairStatus.Trading, io, symbol));
    }

    private static System.CommandLine.Command Status(string verb, string description, PairStatus status, Io io,
        System.CommandLine.Argument<string> symbol) =>
        Make(verb, description, io, async (p, s) =>
        {
            var pair = await new Admin.AdminClient(s.Channel).SetPairStatusAsync(
                new SetPairStatusRequest { Symbol = p.GetValue(symbol)!, Status = status }, s.Call());
            s.Print(pair, () => MarketCommands.PairsTable([pair]));
        }, symbol);
}
