using System.CommandLine;
using PointsExchange.Contracts.V1;
using Spectre.Console;
using static PointsExchange.Cli.Commands;

namespace PointsExchange.Cli;

/// <summary>px balances, px trades: the caller's own account.</summary>
internal static class AccountCommands
{
    public static IEnumerable<Command> Build(Io io)
    {
        var symbol = OptionalArg<string?>("symbol", "only this pair");
        var pageSize = Opt<int>("--page-size", "fills per page (1-500)", 50);
        yield return Make("balances", "your points: total, held by open orders, available", io, async (_, s) =>
        {
            var response = await new Trading.TradingClient(s.Channel).GetBalancesAsync(new GetBalancesRequest(), s.Call());
            s.Print(response, () =>
            {
                var table = Tables.Of("currency", "total", "held", "available");
                foreach (var b in response.Balances)
                {
                    table.AddRow(b.Currency, Tables.N(b.Total), Tables.N(b.Held), Tables.N(b.Available));
                }

                return table;
            });
        });
        yield return Make("trades", "your fills, newest first", io, async (p, s) =>
        {
            var response = await new Trading.TradingClient(s.Channel).ListMyTradesAsync(
                new ListMyTradesRequest { Symbol = p.GetValue(symbol) ?? "", PageSize = p.GetValue(pageSize) }, s.Call());
            s.Print(response, () => Tables.Fills(response.Fills));
        }, symbol, pageSize);
    }
}
