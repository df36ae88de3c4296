using System.CommandLine;
using System.CommandLine.Parsing;
using PointsExchange.Contracts.V1;
using Spectre.Console;
using static PointsExchange.Cli.Commands;

namespace PointsExchange.Cli;

/// <summary>px order: place, cancel, amend, replace, get, list (any key, own orders only).</summary>
internal static class OrderCommands
{
    public static Command Build(PxApp app)
    {
        var symbol = Arg<string>("symbol", "the pair, e.g. HOTEL-AIRMILES");
        var side = Words.Side.Argument("side", "what to do with the base currency");
        var quantity = Arg<long>("quantity", "lots (a lot is the pair's lot size of base points)");
        var price = Opt<long?>("--price", "quote points per lot; required: a limit order's price, or a market order's protection price (the worst it may trade at)");
        var type = Words.Type.Option("--type", "order type (default limit)");
        var tif = Words.Tif.Option("--tif", "time in force (default gtc; a market order never rests)");
        var postOnly = Opt<bool>("--post-only", "refuse the order if it would trade at once (limit gtc only)");
        var clientId = Opt<string?>("--client-id", "your id for the order; a retry with the same one happens once");
        var stp = Words.Stp.Option("--stp", "self-trade prevention (default expire-maker)");
        var orderId = OptionalArg<long?>("order-id", "the exchange's order id (or use --client-id)");
        var requiredOrderId = Arg<long>("order-id", "the exchange's order id");
        var newQuantity = Arg<long>("new-quantity", "the new total quantity in lots, filled part included (lower than now)");
        var newPrice = Opt<long>("--price", "the new price, quote points per lot", required: true);
        var replaceQuantity = Opt<long>("--quantity", "the new total quantity in lots, filled part included", required: true);
        var newClientId = Opt<string?>("--client-id", "a new client id for the replacement");
        var optionalSymbol = OptionalArg<string?>("symbol", "only this pair");
        var open = Opt<bool>("--open", "open orders only");
        var pageSize = Opt<int>("--page-size", "orders per page, 1-500 (server default 50)", 0);
        var pageToken = Opt<string?>("--page-token", "the next page, as printed by the previous one");

        var place = Make("place", "place an order: px order place HOTEL-AIRMILES buy 2 --price 121", app, async x =>
        {
            var request = new PlaceOrderRequest
            {
                Symbol = x.Code(symbol), Side = x.Get(side), Type = x.Get(type) ?? OrderType.Limit,
                TimeInForce = x.Get(tif) ?? TimeInForce.Unspecified, PostOnly = x.Get(postOnly), Price = x.Get(price)!.Value,
                Quantity = x.Get(quantity), ClientOrderId = x.Get(clientId) ?? "", StpMode = x.Get(stp) ?? SelfTradePrevention.Unspecified,
            };
            var lots = x.Out.Json ? null : await x.Exchange.LotSizesAsync(); // before placing: a failure here places nothing
            var response = await x.Exchange.Trading.PlaceOrderAsync(request, x.Exchange.Authenticated());
            x.Out.Show(response, () => Tables.OrderWithFills(response, lots));
        }, symbol, side, quantity, price, type, tif, postOnly, clientId, stp);
        place.Validators.Add(result => RequirePrice(result, price, type));

        var cancel = Make("cancel", "cancel an open order, by id or --client-id", app, async x =>
        {
            var order = await x.Exchange.Trading.CancelOrderAsync(Ref(x.Code(symbol), x.Get(orderId), x.Get(clientId)), x.Exchange.Authenticated());
            x.Out.Show(order, () => Tables.Order(order));
        }, symbol, orderId, clientId);
        cancel.Validators.Add(result => RequireOneReference(result, orderId, clientId));

        var get = Make("get", "show one of your orders, by id or --client-id", app, async x =>
        {
            var order = await x.Exchange.Trading.GetOrderAsync(Ref(x.Code(symbol), x.Get(orderId), x.Get(clientId)), x.Exchange.Authenticated());
            x.Out.Show(order, () => Tables.Order(order));
        }, symbol, orderId, clientId);
        get.Validators.Add(result => RequireOneReference(result, orderId, clientId));

        return Group("order", "place and manage your orders (any key)",
            place,
            cancel,
            Make("amend", "reduce an open order's quantity, keeping its place in the queue", app, async x =>
            {
                var order = await x.Exchange.Trading.AmendOrderAsync(new AmendOrderRequest
                {
                    Symbol = x.Code(symbol), OrderId = x.Get(requiredOrderId), NewQuantity = x.Get(newQuantity),
                }, x.Exchange.Authenticated());
                x.Out.Show(order, () => Tables.Order(order));
            }, symbol, requiredOrderId, newQuantity),
            Make("replace", "move an order to a new price and quantity (loses its place; may trade at once)", app, async x =>
            {
                var lots = x.Out.Json ? null : await x.Exchange.LotSizesAsync();
                var response = await x.Exchange.Trading.ReplaceOrderAsync(new ReplaceOrderRequest
                {
                    Symbol = x.Code(symbol), OrderId = x.Get(requiredOrderId), NewPrice = x.Get(newPrice),
                    NewQuantity = x.Get(replaceQuantity), NewClientOrderId = x.Get(newClientId) ?? "",
                }, x.Exchange.Authenticated());
                x.Out.Show(response, () => Tables.OrderWithFills(response, lots));
            }, symbol, requiredOrderId, newPrice, replaceQuantity, newClientId),
            get,
            Make("list", "list your orders, newest first", app, async x =>
            {
                var response = await x.Exchange.Trading.ListOrdersAsync(new ListOrdersRequest
                {
                    Symbol = x.Get(optionalSymbol)?.Trim().ToUpperInvariant() ?? "", OpenOnly = x.Get(open), PageSize = x.Get(pageSize),
                    PageToken = x.Get(pageToken) ?? "",
                }, x.Exchange.Authenticated());
                x.Out.Show(response, () => Tables.Orders(response.Orders));
                if (!x.Out.Json && response.NextPageToken.Length > 0)
                {
                    x.Out.Note($"[grey]more: --page-token {Markup.Escape(response.NextPageToken)}[/]");
                }
            }, optionalSymbol, open, pageSize, pageToken));
    }

    /// <summary>Both order types need a price: a limit's own, and a market order's protection (the worst acceptable price).</summary>
    private static void RequirePrice(CommandResult result, Option<long?> price, Option<OrderType?> type)
    {
        if (result.GetResult(price) is not null)
        {
            return;
        }

        result.AddError(result.GetValue(type) == OrderType.Market
            ? "--price: a market order needs a protection price, the worst price it may trade at (e.g. --price 130 to buy at up to 130 a lot)"
            : "--price: a limit order needs its price in quote points per lot (e.g. --price 121)");
    }

    private static void RequireOneReference(CommandResult result, Argument<long?> orderId, Option<string?> clientId)
    {
        var byId = result.GetValue(orderId) is not null;
        var byClientId = result.GetResult(clientId) is not null;
        if (byId == byClientId)
        {
            result.AddError(byId ? "--client-id: give the order id or --client-id, not both" : "order-id: give the order id or --client-id");
        }
    }

    private static OrderRef Ref(string symbol, long? orderId, string? clientId) => orderId is { } id
        ? new OrderRef { Symbol = symbol, OrderId = id }
        : new OrderRef { Symbol = symbol, ClientOrderId = clientId ?? "" };
}
