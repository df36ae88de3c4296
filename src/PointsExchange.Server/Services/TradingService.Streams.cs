using System.Threading.Channels;
using Grpc.Core;
using PointsExchange.Contracts.V1;
using PointsExchange.Server.Auth;

namespace PointsExchange.Server.Services;

/// <summary>The long-lived sessions: order entry for market makers and load generators, and an account's own events.</summary>
internal sealed partial class TradingService
{
    /// <summary>Requests one order-entry session may have in flight; beyond it the session stops reading (HTTP/2 flow control pushes back).</summary>
    public const int MaxInFlightPerSession = 1_024;

    /// <summary>
    /// Each request runs as its unary twin would and is answered by exactly one report, in the order the
    /// answers arrive (not the order asked): reports carry the request's client_order_id, and a failed one
    /// the status code and message the unary call would have answered. When the server stops, the session
    /// reads no further request, answers every one it read, and ends with UNAVAILABLE.
    /// </summary>
    public override async Task StreamOrderEntry(IAsyncStreamReader<OrderEntryRequest> requestStream, IServerStreamWriter<ExecutionReport> responseStream,
        ServerCallContext context)
    {
        AuthInterceptor.Caller(context);
        drain.Track(context);
        var reports = Channel.CreateUnbounded<ExecutionReport>(new UnboundedChannelOptions { SingleReader = true });
        using var inFlight = new SemaphoreSlim(MaxInFlightPerSession);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, drain.Stopping);
        var writer = WriteReportsAsync(reports.Reader, responseStream, context.CancellationToken);
        var stopped = false;
        try
        {
            await foreach (var request in requestStream.ReadAllAsync(reading.Token))
            {
                // Not cancelled by the stop: a request read is answered, even one waiting for room.
                await inFlight.WaitAsync(context.CancellationToken);
                _ = AnswerAsync(request, context, reports.Writer, inFlight);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException or IOException or InvalidOperationException
            && drain.Stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The stop cancels the read, which normally ends it with OperationCanceledException. A read that fails
            // otherwise meanwhile (gRPC's reader turns a body read that came back cancelled into INTERNAL "Incoming
            // message cancelled.") ends the session for the same reason, and the client is told so.
            stopped = true;
        }
        finally
        {
            // Every request read is answered before the session ends.
            for (var i = 0; i < MaxInFlightPerSession; i++)
            {
                await inFlight.WaitAsync(CancellationToken.None);
            }

            reports.Writer.Complete();
            await writer;
        }

        if (stopped)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down; every request read was answered, send the rest again"));
        }
    }

    /// <summary>The caller's order updates, fills and balances, after each committed batch that touched them; never another account's.</summary>
    public override async Task StreamAccountEvents(StreamAccountEventsRequest request, IServerStreamWriter<AccountEvent> responseStream, ServerCallContext context)
    {
        var account = AuthInterceptor.Caller(context).AccountId;
        drain.Track(context);
        var subscription = hub.SubscribeAccount(account);
        using var stopping = drain.Stopping.Register(subscription.Shutdown);
        var cancel = context.CancellationToken;
        try
        {
            await MarketDataService.Subscribed(context);
            await foreach (var touch in subscription.ReadAllAsync(cancel))
            {
                var currencies = new HashSet<string>(touch.Currencies, StringComparer.Ordinal);
                var orders = touch.OrderIds.Count > 0 ? await ledger.OrdersByIdAsync(account, [.. touch.OrderIds], cancel) : [];
                foreach (var order in orders)
                {
                    var pair = ledger.Pair(order.PairId);
                    currencies.UnionWith([pair.BaseCode, pair.QuoteCode]);
                    await responseStream.WriteAsync(new AccountEvent { OrderUpdate = order.ToProto(pair) }, cancel);
                }

                var fills = touch.TradeIds.Count > 0 ? await ledger.FillsByTradeIdAsync(account, [.. touch.TradeIds], cancel) : [];
                foreach (var fill in fills)
                {
                    await responseStream.WriteAsync(new AccountEvent { Fill = fill.ToProto(ledger.Pair(fill.PairId)) }, cancel);
                }

                foreach (var balance in await ledger.GetBalancesAsync(account, cancel))
                {
                    if (currencies.Contains(balance.Currency))
                    {
                        await responseStream.WriteAsync(new AccountEvent { Balance = balance.ToProto() }, cancel);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client left.
        }
        finally
        {
            hub.UnsubscribeAccount(account, subscription);
            subscription.Close();
        }
    }

    private async Task AnswerAsync(OrderEntryRequest request, ServerCallContext context, ChannelWriter<ExecutionReport> reports, SemaphoreSlim inFlight)
    {
        try
        {
            reports.TryWrite(await ReportAsync(request, context));
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task<ExecutionReport> ReportAsync(OrderEntryRequest request, ServerCallContext context)
    {
        var (clientOrderId, reference) = request.RequestCase switch
        {
            OrderEntryRequest.RequestOneofCase.Place => (request.Place.ClientOrderId, new Order { Symbol = request.Place.Symbol }),
            OrderEntryRequest.RequestOneofCase.Cancel => (request.Cancel.ClientOrderId,
                new Order { Symbol = request.Cancel.Symbol, OrderId = request.Cancel.OrderId, ClientOrderId = request.Cancel.ClientOrderId }),
            OrderEntryRequest.RequestOneofCase.Replace => (request.Replace.NewClientOrderId,
                new Order { Symbol = request.Replace.Symbol, OrderId = request.Replace.OrderId }),
            _ => ("", new Order()),
        };
        try
        {
            switch (request.RequestCase)
            {
                case OrderEntryRequest.RequestOneofCase.Place:
                    return Report(request.Place.ClientOrderId, await PlaceOrder(request.Place, context));
                case OrderEntryRequest.RequestOneofCase.Cancel:
                    return await CancelReportAsync(request.Cancel, context, reference);
                case OrderEntryRequest.RequestOneofCase.Replace:
                    return await ReplaceReportAsync(request.Replace, context, reference);
                default:
                    throw Check.Invalid("request", "set one of place, cancel or replace");
            }
        }
        catch (Exception e) when (e is RpcException || AuthInterceptor.AsStatus(e) is not null)
        {
            return Refused(clientOrderId, reference, (e as RpcException ?? AuthInterceptor.AsStatus(e)!).Status);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Order entry request failed");
            return new ExecutionReport { ClientOrderId = clientOrderId, Order = reference, ErrorCode = (int)StatusCode.Internal, ErrorMessage = "internal error" };
        }
    }

    /// <summary>A cancel's report. Its refusals (the order not open, not found, another account's) are written, not thrown.</summary>
    private async Task<ExecutionReport> CancelReportAsync(OrderRef cancel, ServerCallContext context, Order reference)
    {
        var caller = AuthInterceptor.Caller(context);
        var (pair, existing, refusal) = await FindOpenOrderAsync(cancel.Symbol, cancel, caller);
        if (existing is null)
        {
            return Refused(cancel.ClientOrderId, reference, refusal);
        }

        var cancelled = await CancelOpenAsync(pair, existing, caller);
        return new ExecutionReport { ClientOrderId = cancelled.ClientOrderId, Order = cancelled };
    }

    /// <summary>A replace's report, its refusals written as a cancel's are.</summary>
    private async Task<ExecutionReport> ReplaceReportAsync(ReplaceOrderRequest replace, ServerCallContext context, Order reference)
    {
        var caller = AuthInterceptor.Caller(context);
        var (pair, existing, refusal) = await FindOpenOrderAsync(replace.Symbol, new OrderRef { OrderId = replace.OrderId }, caller);
        if (existing is null)
        {
            return Refused(replace.NewClientOrderId, reference, refusal);
        }

        var replaced = await ReplaceOpenAsync(replace, pair, existing, caller);
        return Report(replaced.Order.ClientOrderId, replaced);
    }

    private static ExecutionReport Refused(string clientOrderId, Order reference, Status status) =>
        new() { ClientOrderId = clientOrderId, Order = reference, ErrorCode = (int)status.StatusCode, ErrorMessage = status.Detail };

    private static ExecutionReport Report(string clientOrderId, OrderResponse response)
    {
        var report = new ExecutionReport { ClientOrderId = clientOrderId.Length > 0 ? clientOrderId : response.Order.ClientOrderId, Order = response.Order };
        report.Fills.AddRange(response.Fills);
        return report;
    }

    private static async Task WriteReportsAsync(ChannelReader<ExecutionReport> reports, IServerStreamWriter<ExecutionReport> stream, CancellationToken cancel)
    {
        while (await reports.WaitToReadAsync(CancellationToken.None))
        {
            while (reports.TryRead(out var report))
            {
                if (cancel.IsCancellationRequested)
                {
                    continue;
                }

                try
                {
                    // A committed batch answers many requests at once: while more reports wait, a report is only
                    // appended to the response, and the last one waiting flushes them all. (Kestrel already joined
                    // their socket sends: 0.19-0.22 sendto per order before and after, perf stat; this saves the
                    // per-report flush work.)
                    stream.WriteOptions = reports.TryPeek(out _) ? Flush.Later : Flush.Now;
                    await stream.WriteAsync(report, cancel);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
                {
                    // The client left; the remaining answers are dropped with the session.
                }
            }
        }
    }
}

/// <summary>How a stream's write leaves: sent now, or left in the response buffer for a later write's send.</summary>
internal static class Flush
{
    public static readonly WriteOptions Now = new();
    public static readonly WriteOptions Later = new(WriteFlags.BufferHint);
}
