using System.CommandLine;
using PointsExchange.Contracts.V1;
using Spectre.Console;
using static PointsExchange.Cli.Commands;

namespace PointsExchange.Cli;

/// <summary>px merchant: issue, redeem, stats (a MERCHANT key, own currencies only).</summary>
internal static class MerchantCommands
{
    public static Command Build(PxApp app)
    {
        var currency = Opt<string>("--currency", "your currency code", required: true);
        var account = Opt<long>("--account", "the member's account id", required: true);
        var amount = Opt<long>("--amount", "points", required: true);
        // Not --key: that is the API key everywhere (a recursive global option), and one name must not mean two things.
        var idempotencyKey = new Option<string?>("--idempotency-key", "--idem")
        {
            Description = "makes a retry safe: the same key and request happen once (generated and printed when absent)",
            HelpName = "idempotency-key",
        };
        var memo = Opt<string?>("--memo", "a note kept with the ledger transaction");
        var code = Arg<string>("currency", "your currency code");

        Command Points(string verb, string description, bool issue) => Make(verb, description, app, async x =>
        {
            var given = x.Get(idempotencyKey);
            var key = given ?? $"px-{verb}-{Guid.NewGuid():N}";
            var request = new PointsRequest
            {
                Currency = x.Code(currency), AccountId = x.Get(account), Amount = x.Get(amount), IdempotencyKey = key, Memo = x.Get(memo) ?? "",
            };
            if (given is null)
            {
                // Before the call: if it times out, the user still has the key to retry with safely.
                x.Out.Note($"[grey]idempotency key {Markup.Escape(key)} (to retry safely: --idempotency-key {Markup.Escape(key)})[/]");
            }

            var receipt = issue
                ? await x.Exchange.Merchant.IssuePointsAsync(request, x.Exchange.Authenticated())
                : await x.Exchange.Merchant.RedeemPointsAsync(request, x.Exchange.Authenticated());
            x.Out.Show(receipt, () => new Markup(
                $"{(issue ? "issued" : "redeemed")} [bold]{Format.N(receipt.Amount)} {receipt.Currency}[/] {(issue ? "to" : "from")} account {receipt.AccountId}" +
                $" (transaction {receipt.TransactionId}{(receipt.Replayed ? ", [yellow]a replay: nothing happened twice[/]" : "")})\n"));
        }, currency, account, amount, idempotencyKey, memo);

        return Group("merchant", "merchants: issue, redeem, stats (a MERCHANT key, your own currencies)",
            Points("issue", "credit a member with new points (within the daily issuance limit)", issue: true),
            Points("redeem", "debit a member's available points for a redemption", issue: false),
            Make("stats", "your currency's supply and markets", app, async x =>
            {
                var stats = await x.Exchange.Merchant.GetCurrencyStatsAsync(new GetCurrencyStatsRequest { Currency = x.Code(code) }, x.Exchange.Authenticated());
                x.Out.Show(stats, () => Stats(stats));
            }, code));
    }

    private static Rows Stats(CurrencyStats stats)
    {
        var limit = stats.DailyIssuanceLimit == 0 ? "no limit" : Format.N(stats.DailyIssuanceLimit);
        var summary = Tables.Of("currency", "outstanding", "issued", "redeemed", "holders", "today / limit");
        summary.AddRow(stats.Currency, Format.N(stats.OutstandingSupply), Format.N(stats.IssuedTotal), Format.N(stats.RedeemedTotal),
            Format.N(stats.Holders), $"{Format.N(stats.IssuedToday)} / {limit}");
        var pairs = Tables.Of("pair", "last", "rate", "24h lots", "24h quote");
        foreach (var pair in stats.Pairs)
        {
            pairs.AddRow(pair.Symbol, Format.Dash(pair.LastPrice), pair.LastPrice == 0 ? "-" : pair.LastRate, Format.N(pair.Volume24H), Format.N(pair.QuoteVolume24H));
        }

        return new Rows(summary, pairs);
    }
}
