using System.CommandLine;
using PointsExchange.Contracts.V1;
using static PointsExchange.Cli.Commands;

namespace PointsExchange.Cli;

/// <summary>px order: place, cancel, amend, replace, get, list (any key, own orders only).</summary>
internal static class OrderCommands
{
    public static Command Build(Io io)
    {
        var symbol = Arg<string>("symbol", "the pair, e.g. HOTEL-AIRMILES");
        var side = Arg<string>("side", "buy or sell");
        var quantity = Arg<long>("quantity", "lots");
        var price = Opt<long?>("--price", "quote points per lot (a market order's worst acceptable price)");
        var type = Opt<string>("--type", "limit or market", "limit");
        var tif = Opt<string>("--tif", "gtc, ioc or fok", "gtc");
        var postOnly = Opt<bool>("--post-only", "refuse the order if it would trade at once");
        var clientId = Opt<string?>("--client-id", "your id for the order (a retry with it happens once)");
        var stp = Opt<string>("--stp", "self-trade prevention: expire-maker, expire-taker or expire-both", "expire-maker");
        var orderId = OptionalArg<long?>("order-id", "the exchange's order id");
        var requiredOrderId = Arg<long>("order-id", "the exchange's order id");
        var newQuantity = Arg<long>("new-quantity", "the new total quantity in lots (lower than now)");
        var newPrice = Opt<long>("--price", "the new price", required: true);
        var replaceQuantity = Opt<long>("--quantity", "the new total quantity in lots", required: true);
        var optionalSymbol = OptionalArg<string?>("symbol", "only this pair");
        var open = Opt<bool>("--open", "open orders only");
        var pageSize = Opt<int>("--page-size", "orders per page (1-500)", 50);

        return Group("order", "place and manage your orders",
            Make("place", "place an order", io, async (p, s) =>
            {
                var request = Place(p.GetValue(symbol)!, p.GetValue(side)!, p.GetValue(quantity), p.GetValue(price), p.GetValue(type)!,
                    p.GetValue(tif)!, p.GetValue(postOnly), p.GetValue(clientId), p.GetValue(stp)!);
                var response = await new Trading.TradingClient(s.Channel).PlaceOrderAsync(request, s.Call());
                s.Print(response, () => Tables.OrderWithFills(response));
            }, symbol, side, quantity, price, type, tif, postOnly, clientId, stp),
            Make("cancel", "cancel an open order (by id or --client-id)", io, async (p, s) =>
            {
                var order = await new Trading.TradingClient(s.Channel).CancelOrderAsync(Ref(p.GetValue(symbol)!, p.GetValue(orderId), p.GetValue(clientId)), s.Call());
                s.Print(order, () => Tables.Orders([order]));
            }, symbol, orderId, clientId),
            Make("amend", "reduce an open order's quantity, keeping its place in the queue", io, async (p, s) =>
            {
                var order = await new Trading.TradingClient(s.Channel).AmendOrderAsync(new AmendOrderRequest
                {
                    Symbol = p.GetValue(symbol)!, OrderId = p.GetValue(requiredOrderId), NewQuantity = p.GetValue(newQuantity),
                }, s.Call());
                s.Print(order, () => Tables.Orders([order]));
            }, symbol, requiredOrderId, newQuantity),
            Make("replace", "move an order to a new price and quantity (loses its place, may trade)", io, async (p, s) =>
            {
                var response = await new Trading.TradingClient(s.Channel).ReplaceOrderAsync(new ReplaceOrderRequest
                {
                    Symbol = p.GetValue(symbol)!, OrderId = p.GetValue(requiredOrderId), NewPrice = p.GetValue(newPrice),
                    NewQuantity = p.GetValue(replaceQuantity), NewClientOrderId = p.GetValue(clientId) ?? "",
                }, s.Call());
                s.Print(response, () => Tables.OrderWithFills(response));
            }, symbol, requiredOrderId, newPrice, replaceQuantity, clientId),
            Make("get", "show one of your orders (by id or --client-id)", io, async (p, s) =>
            {
                var order = await new Trading.TradingClient(s.Channel).GetOrderAsync(Ref(p.GetValue(symbol)!, p.GetValue(orderId), p.GetValue(clientId)), s.Call());
                s.Print(order, () => Tables.Orders([order]));
            }, symbol, orderId, clientId),
            Make("list", "list your orders, newest first", io, async (p, s) =>
            {
                var response = await new Trading.TradingClient(s.Channel).ListOrdersAsync(new ListOrdersRequest
                {
                    Symbol = p.GetValue(optionalSymbol) ?? "", OpenOnly = p.GetValue(open), PageSize = p.GetValue(pageSize),
                }, s.Call());
                s.Print(response, () => Tables.Orders(response.Orders));
            }, optionalSymbol, open, pageSize));
    }

    /// <summary>Builds a place request from words, refusing what the server would refuse for a missing field.</summary>
    internal static PlaceOrderRequest Place(string symbol, string side, long quantity, long? price, string type, string tif, bool postOnly,
        string? clientId, string stp)
    {
        var orderType = Words.Type(type);
        if (price is null)
        {
            throw new UsageException(orderType == OrderType.Market
                ? "--price: a market order needs its protection price (the worst price it may trade at)"
                : "--price: a limit order needs its price");
        }

        return new PlaceOrderRequest
        {
            Symbol = symbol, Side = Words.Side(side), Type = orderType, TimeInForce = Words.Tif(tif), PostOnly = postOnly,
            Price = price.Value, Quantity = quantity, ClientOrderId = clientId ?? "", StpMode = Words.Stp(stp),
        };
    }

    private static OrderRef Ref(string symbol, long? orderId, string? clientId) =>
        (orderId, clientId) switch
        {
            ({ } id, null) => new OrderRef { Symbol = symbol, OrderId = id },
            (null, { } client) => new OrderRef { Symbol = symbol, ClientOrderId = client },
            _ => throw new UsageException("order-id: give an order id or --client-id, not both"),
        };
}
