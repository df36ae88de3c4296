using System.CommandLine;
using PointsExchange.Contracts.V1;
using Spectre.Console;
using static PointsExchange.Cli.Commands;

namespace PointsExchange.Cli;

/// <summary>px balances, px trades: the key's own account.</summary>
internal static class AccountCommands
{
    public static IEnumerable<Command> Build(PxApp app)
    {
        var symbol = OptionalArg<string?>("symbol", "only this pair");
        var pageSize = Opt<int>("--page-size", "fills per page, 1-500 (server default 50)", 0);
        var pageToken = Opt<string?>("--page-token", "the next page, as printed by the previous one");

        yield return Make("balances", "your points: total, held by open orders, available", app, async x =>
        {
            var response = await x.Exchange.Trading.GetBalancesAsync(new GetBalancesRequest(), x.Exchange.Authenticated());
            x.Out.Show(response, () => response.Balances.Count == 0 ? new Markup("[grey]no points yet[/]") : Tables.Balances(response.Balances));
        });

        yield return Make("trades", "your fills, newest first", app, async x =>
        {
            var response = await x.Exchange.Trading.ListMyTradesAsync(new ListMyTradesRequest
            {
                Symbol = x.Get(symbol)?.Trim().ToUpperInvariant() ?? "", PageSize = x.Get(pageSize), PageToken = x.Get(pageToken) ?? "",
            }, x.Exchange.Authenticated());
            var lots = x.Out.Json || response.Fills.Count == 0 ? null : await x.Exchange.LotSizesAsync();
            x.Out.Show(response, () => Tables.Fills(response.Fills, lots));
            if (!x.Out.Json && response.NextPageToken.Length > 0)
            {
                x.Out.Note($"[grey]more: --page-token {Markup.Escape(response.NextPageToken)}[/]");
            }
        }, symbol, pageSize, pageToken);
    }
}
