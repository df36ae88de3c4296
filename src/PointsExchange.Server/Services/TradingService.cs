using Grpc.Core;
using PointsExchange.Contracts.V1;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using PointsExchange.Server.Auth;
using PointsExchange.Server.Hosting;
using PointsExchange.Server.Streaming;
using LedgerOrderStatus = PointsExchange.Ledger.OrderStatus;

namespace PointsExchange.Server.Services;

/// <summary>Trading for any account with a key, on its own orders only.</summary>
internal sealed partial class TradingService(PostgresLedger ledger, AccountGrains accounts, MarketDataHub hub,
    StreamDrain drain, ILogger<TradingService> logger)
    : Trading.TradingBase
{
    public override async Task<OrderResponse> PlaceOrder(PlaceOrderRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.Caller(context);
        var pair = await Check.PairAsync(ledger, request.Symbol);
        var order = OrderRequests.Place(request, pair, caller.AccountId);
        var outcome = await accounts[caller.AccountId].Submit(order);
        if (outcome.Replayed)
        {
            return await StoredAsync(caller.AccountId, outcome.OrderId, pair, context);
        }

        OrderResults.ThrowIfRejected(outcome);
        return OrderResults.Response(outcome, pair, order, order.ClientOrderId);
    }

    public override async Task<Order> CancelOrder(OrderRef request, ServerCallContext context)
    {
        var caller = AuthInterceptor.Caller(context);
        var (pair, existing) = await OpenOrderAsync(request.Symbol, request, caller);
        return await CancelOpenAsync(pair, existing, caller);
    }

    /// <summary>Cancels an open order of the caller's, found beforehand.</summary>
    private async Task<Order> CancelOpenAsync(PairInfo pair, OrderRecord existing, Principal caller)
    {
        var outcome = await accounts[caller.AccountId].Submit(new OrderRequest
        {
            PairId = pair.PairId, CommandType = (byte)Matching.CommandType.Cancel, OrderId = existing.OrderId,
        });
        OrderResults.ThrowIfRejected(outcome);
        return AfterCancel(existing, outcome)?.ToProto(pair) ?? await StoredOrderAsync(existing.OrderId, pair);
    }

    /// <summary>
    /// The order as the ledger holds it once its cancel committed, without reading it again: what was read
    /// before the cancel, filled up to what the cancel found still resting (fills may have come in between),
    /// cancelled at the command's time (the ledger's updated_at). Saves the second look-up of every cancel.
    /// </summary>
    private static OrderRecord? AfterCancel(OrderRecord before, OrderOutcome outcome)
    {
        foreach (var e in outcome.Events)
        {
            if (e.Kind == (byte)Matching.MatchEventKind.Cancelled && e.OrderId == before.OrderId)
            {
                return before with
                {
                    Filled = before.Quantity - e.Quantity,
                    Status = LedgerOrderStatus.Cancelled,
                    UpdatedAt = SettlementPlanner.ToUtc(outcome.Timestamp),
                };
            }
        }

        return null;
    }

    public override async Task<Order> AmendOrder(AmendOrderRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.Caller(context);
        var (pair, existing) = await OpenOrderAsync(request.Symbol, new OrderRef { OrderId = request.OrderId }, caller);
        var outcome = await accounts[caller.AccountId].Submit(new OrderRequest
        {
            PairId = pair.PairId, CommandType = (byte)Matching.CommandType.Amend, OrderId = existing.OrderId,
            Quantity = Check.Positive(request.NewQuantity, "new_quantity"),
        });
        OrderResults.ThrowIfRejected(outcome);
        return await StoredOrderAsync(existing.OrderId, pair);
    }

    public override async Task<OrderResponse> ReplaceOrder(ReplaceOrderRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.Caller(context);
        var (pair, existing) = await OpenOrderAsync(request.Symbol, new OrderRef { OrderId = request.OrderId }, caller);
        return await ReplaceOpenAsync(request, pair, existing, caller);
    }

    /// <summary>Replaces an open order of the caller's, found beforehand.</summary>
    private async Task<OrderResponse> ReplaceOpenAsync(ReplaceOrderRequest request, PairInfo pair, OrderRecord existing, Principal caller)
    {
        var order = OrderRequests.Replace(request, pair, existing);
        var outcome = await accounts[caller.AccountId].Submit(order);
        OrderResults.ThrowIfRejected(outcome);
        return OrderResults.Response(outcome, pair, order, order.ClientOrderId ?? existing.ClientOrderId);
    }

    public override async Task<Order> GetOrder(OrderRef request, ServerCallContext context)
    {
        var caller = AuthInterceptor.Caller(context);
        var pair = await Check.PairAsync(ledger, request.Symbol);
        var order = await FindOwnAsync(request, pair, caller);
        return order.ToProto(pair);
    }

    public override async Task<ListOrdersResponse> ListOrders(ListOrdersRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.Caller(context);
        var pair = request.Symbol.Length > 0 ? await Check.PairAsync(ledger, request.Symbol) : null;
        var size = Check.PageSize(request.PageSize);
        var orders = await ledger.ListOrdersAsync(caller.AccountId, pair?.PairId, request.OpenOnly, size, Check.PageToken(request.PageToken),
            context.CancellationToken);
        var response = new ListOrdersResponse();
        response.Orders.AddRange(orders.Select(o => o.ToProto(pair ?? ledger.Pair(o.PairId))));
        response.NextPageToken = orders.Count == size ? orders[^1].OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return response;
    }

    public override async Task<ListMyTradesResponse> ListMyTrades(ListMyTradesRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.Caller(context);
        var pair = request.Symbol.Length > 0 ? await Check.PairAsync(ledger, request.Symbol) : null;
        var size = Check.PageSize(request.PageSize);
        var fills = await ledger.ListFillsAsync(caller.AccountId, pair?.PairId, null, size, Check.PageToken(request.PageToken),
            context.CancellationToken);
        var response = new ListMyTradesResponse();
        response.Fills.AddRange(fills.Select(f => f.ToProto(pair ?? ledger.Pair(f.PairId))));
        response.NextPageToken = fills.Count == size ? fills[^1].TradeId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return response;
    }

    public override async Task<GetBalancesResponse> GetBalances(GetBalancesRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.Caller(context);
        var response = new GetBalancesResponse();
        response.Balances.AddRange((await ledger.GetBalancesAsync(caller.AccountId, context.CancellationToken)).Select(b => b.ToProto()));
        return response;
    }

    /// <summary>An open order of the caller on the symbol, or the status that says why not.</summary>
    private async Task<(PairInfo Pair, OrderRecord Order)> OpenOrderAsync(string symbol, OrderRef reference, Principal caller)
    {
        var (pair, order, refusal) = await FindOpenOrderAsync(symbol, reference, caller);
        return order is not null ? (pair, order) : throw new RpcException(refusal);
    }

    /// <summary>
    /// An open order of the caller on the symbol, or no order and the status that says why not. Returned, not
    /// thrown: order-entry sessions answer these refusals in a report, and under load they are common (a
    /// cancel racing the fill of its order); a throw costs one catch and rethrow per await it crosses.
    /// </summary>
    private async Task<(PairInfo Pair, OrderRecord? Order, Status Refusal)> FindOpenOrderAsync(string symbol, OrderRef reference, Principal caller)
    {
        var pair = await Check.PairAsync(ledger, symbol);
        var (order, refusal) = await FindOwnOrRefusalAsync(reference, pair, caller);
        if (order is null || order.Status is LedgerOrderStatus.New or LedgerOrderStatus.PartiallyFilled)
        {
            return (pair, order, refusal);
        }

        return (pair, null, new Status(StatusCode.FailedPrecondition,
            $"order_id: order {order.OrderId} is {order.Status.ToString().ToUpperInvariant()}; only open orders can change"));
    }

    private async Task<OrderRecord> FindOwnAsync(OrderRef reference, PairInfo pair, Principal caller)
    {
        var (order, refusal) = await FindOwnOrRefusalAsync(reference, pair, caller);
        return order ?? throw new RpcException(refusal);
    }

    /// <summary>The caller's order on the pair, or no order and NOT_FOUND or PERMISSION_DENIED; malformed references throw.</summary>
    private async Task<(OrderRecord? Order, Status Refusal)> FindOwnOrRefusalAsync(OrderRef reference, PairInfo pair, Principal caller)
    {
        OrderRecord? order = reference.IdCase switch
        {
            OrderRef.IdOneofCase.OrderId => await ledger.Lookup.ByIdAsync(Check.Positive(reference.OrderId, "order_id")),
            OrderRef.IdOneofCase.ClientOrderId => await ledger.Lookup.ByClientIdAsync(caller.AccountId, Check.Text(reference.ClientOrderId, "client_order_id", 1, 64)),
            _ => throw Check.Invalid("order_id", "give order_id or client_order_id"),
        };
        if (order is null || order.PairId != pair.PairId)
        {
            // Not thrown: only the status is used, worded as every NOT_FOUND of the service is.
            return (null, Check.NotFound(reference.IdCase == OrderRef.IdOneofCase.OrderId ? "order_id" : "client_order_id",
                $"no such order on {pair.Symbol}").Status);
        }

        return order.AccountId == caller.AccountId
            ? (order, Status.DefaultSuccess)
            : (null, new Status(StatusCode.PermissionDenied, $"order_id: order {order.OrderId} belongs to another account"));
    }

    private async Task<Order> StoredOrderAsync(long orderId, PairInfo pair) => (await ledger.Lookup.ByIdAsync(orderId))!.ToProto(pair);

    /// <summary>The answer to a retried place: the order as stored and its fills, nothing done again.</summary>
    private async Task<OrderResponse> StoredAsync(long accountId, long orderId, PairInfo pair, ServerCallContext context)
    {
        var response = new OrderResponse { Order = await StoredOrderAsync(orderId, pair) };
        var fills = await ledger.ListFillsAsync(accountId, pair.PairId, orderId, 1_000, long.MaxValue, context.CancellationToken);
        response.Fills.AddRange(fills.Select(f => f.ToProto(pair)));
        return response;
    }
}
