using PointsExchange.Contracts.V1;
using Spectre.Console;
using static PointsExchange.Cli.Commands;

namespace PointsExchange.Cli;

/// <summary>px merchant: issue, redeem, stats (a MERCHANT key, own currencies only).</summary>
internal static class MerchantCommands
{
    public static System.CommandLine.Command Build(Io io)
    {
        var currency = Opt<string>("--currency", "your currency code", required: true);
        var account = Opt<long>("--account", "the member's account id", required: true);
        var amount = Opt<long>("--amount", "points", required: true);
        var key = Opt<string?>("--key", "idempotency key (a retry with the same key happens once); generated when absent");
        var memo = Opt<string?>("--memo", "a note kept with the ledger transaction");
        var code = Arg<string>("currency", "your currency code");

        System.CommandLine.Command Points(string verb, string description, bool issue) =>
            Make(verb, description, io, async (p, s) =>
            {
                var idempotencyKey = p.GetValue(key) ?? $"px-{verb}-{Guid.NewGuid():N}";
                var request = new PointsRequest
                {
                    Currency = p.GetValue(currency)!, AccountId = p.GetValue(account), Amount = p.GetValue(amount),
                    IdempotencyKey = idempotencyKey, Memo = p.GetValue(memo) ?? "",
                };
                var client = new Merchant.MerchantClient(s.Channel);
                var receipt = issue ? await client.IssuePointsAsync(request, s.Call()) : await client.RedeemPointsAsync(request, s.Call());
                s.Print(receipt, () => new Markup(
                    $"{(issue ? "issued" : "redeemed")} [bold]{Tables.N(receipt.Amount)} {receipt.Currency}[/] {(issue ? "to" : "from")} account {receipt.AccountId}" +
                    $" (transaction {receipt.TransactionId}{(receipt.Replayed ? ", a replay: nothing happened twice" : "")})\n" +
                    $"[grey]idempotency key: {Markup.Escape(idempotencyKey)}[/]\n"));
            }, currency, account, amount, key, memo);

        return Commands.Group("merchant", "merchants: issue, redeem, stats",
            Points("issue", "credit a member with new points (within the daily issuance limit)", issue: true),
            Points("redeem", "debit a member's available points for a redemption", issue: false),
            Make("stats", "your currency's supply and markets", io, async (p, s) =>
            {
                var stats = await new Merchant.MerchantClient(s.Channel).GetCurrencyStatsAsync(
                    new GetCurrencyStatsRequest { Currency = p.GetValue(code)! }, s.Call());
                s.Print(stats, () =>
                {
                    var table = Tables.Of("pair", "last price", "rate", "24h lots", "24h quote");
                    foreach (var pair in stats.Pairs)
                    {
                        table.AddRow(pair.Symbol, Tables.N(pair.LastPrice), pair.LastRate, Tables.N(pair.Volume24H), Tables.N(pair.QuoteVolume24H));
                    }

                    var limit = stats.DailyIssuanceLimit == 0 ? "no limit" : Tables.N(stats.DailyIssuanceLimit);
                    return new Rows(new Markup(
                        $"[bold]{stats.Currency}[/] outstanding {Tables.N(stats.OutstandingSupply)}, issued {Tables.N(stats.IssuedTotal)}, " +
                        $"redeemed {Tables.N(stats.RedeemedTotal)}, holders {Tables.N(stats.Holders)}, issued today {Tables.N(stats.IssuedToday)} of {limit}\n"), table);
                });
            }, code));
    }
}
