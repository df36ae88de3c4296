using System.Diagnostics;
using Grpc.Core;
using PointsExchange.Contracts.V1;

namespace PointsExchange.LoadTest;

/// <summary>
/// One unary call per request (PlaceOrder, CancelOrder, ReplaceOrder), never awaited by the sender: the call's
/// answer or RpcException goes to the sink. A member's calls use connection <c>member % connections</c>.
/// </summary>
internal sealed class UnaryTarget(ExchangeConnection exchange, IReadOnlyList<MemberState> members, IAnswerSink sink) : IOrderTarget
{
    private readonly Trading.TradingClient[] _clients = [.. exchange.Channels.Select(c => new Trading.TradingClient(c))];
    private readonly Metadata[] _keys = [.. members.Select(m => ExchangeConnection.Authorization(m.ApiKey))];

    public ValueTask SendAsync(LoadRequest request, CancellationToken cancel)
    {
        request.SentAt = Stopwatch.GetTimestamp();
        _ = CallAsync(request);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task CallAsync(LoadRequest request)
    {
        var client = _clients[request.Member % _clients.Length];
        var options = new CallOptions(_keys[request.Member]);
        Answer answer;
        try
        {
            var message = request.Message;
            answer = message.RequestCase switch
            {
                OrderEntryRequest.RequestOneofCase.Place => From(await client.PlaceOrderAsync(message.Place, options)),
                OrderEntryRequest.RequestOneofCase.Cancel => Answer.FromOrder(await client.CancelOrderAsync(message.Cancel, options), 0),
                _ => From(await client.ReplaceOrderAsync(message.Replace, options)),
            };
        }
        catch (RpcException e)
        {
            answer = Answer.Failed(e.StatusCode, e.Status.Detail);
        }
#pragma warning disable CA1031 // nothing may escape a call nobody awaits: any failure is this request's answer
        catch (Exception e)
#pragma warning restore CA1031
        {
            answer = Answer.Failed(StatusCode.Internal, $"px-load: {e.GetType().Name}: {e.Message}");
        }

        sink.OnAnswer(request, answer);
    }

    private static Answer From(OrderResponse response) => Answer.FromOrder(response.Order, response.Fills.Count);
}
