using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using PointsExchange.Contracts.V1;

namespace PointsExchange.LoadTest;

/// <summary>
/// One member's StreamOrderEntry session. A writer loop sends the requests queued for it, one write at a time
/// (a gRPC request stream takes one write at a time); a reader loop matches each execution report to its request
/// by client_order_id. Reports arrive in the order the exchange answers, not the order asked.
/// <code>
///   scheduler --SendAsync--> [queue, 4,096] --writer--> request stream ==> exchange
///   sink &lt;--OnAnswer-- reader &lt;-- pending[client_order_id] &lt;-- report stream &lt;== exchange
/// </code>
/// The queue only fills when the exchange stops reading (it reads 1,024 requests ahead per session, then HTTP/2
/// flow control holds the writer): the scheduler then waits, falls behind, and its latencies say so. If the
/// session breaks, every request in it and every later one is answered with the status it broke with.
/// </summary>
internal sealed class StreamSession
{
    private readonly AsyncDuplexStreamingCall<OrderEntryRequest, ExecutionReport> _call;
    private readonly Channel<LoadRequest> _queue = Channel.CreateBounded<LoadRequest>(new BoundedChannelOptions(4_096) { SingleReader = true });
    private readonly ConcurrentDictionary<string, LoadRequest> _pending = new(StringComparer.Ordinal);
    private readonly IAnswerSink _sink;
    private readonly Task _writer;
    private readonly Task _reader;

    // Set once, when the session broke; read by the writer for every request after it.
    private StrongBox<Answer>? _failure;

    public StreamSession(GrpcChannel channel, string apiKey, IAnswerSink sink)
    {
        _sink = sink;
        _call = new Trading.TradingClient(channel).StreamOrderEntry(new CallOptions(ExchangeConnection.Authorization(apiKey)));
        _writer = Task.Run(WriteAsync);
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Queues the request; waits (cancellably) only when the queue is full.</summary>
    public ValueTask SendAsync(LoadRequest request, CancellationToken cancel) =>
        _queue.Writer.TryWrite(request) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(request, cancel);

    /// <summary>
    /// Ends the request stream (the exchange answers what it read, then ends the session) and waits for that, at most
    /// <paramref name="wait"/> per step: a writer held by flow control or a silent exchange must not hold the run up.
    /// </summary>
    public async Task CloseAsync(TimeSpan wait)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(wait);
            if (Volatile.Read(ref _failure) is null)
            {
                await _call.RequestStream.CompleteAsync().WaitAsync(wait);
            }

            await _reader.WaitAsync(wait);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or TimeoutException or IOException)
        {
            // The session is over either way: whatever it still held was counted unanswered by the run.
        }
        finally
        {
            _call.Dispose();
        }
    }

    private async Task WriteAsync()
    {
        await foreach (var request in _queue.Reader.ReadAllAsync())
        {
            request.SentAt = Stopwatch.GetTimestamp();
            if (Volatile.Read(ref _failure) is { } failure)
            {
                _sink.OnAnswer(request, failure.Value);
                continue;
            }

            // Registered before the write: the report may come back before WriteAsync returns.
            if (!_pending.TryAdd(request.CorrelationId, request))
            {
                _sink.OnAnswer(request, Answer.Failed(StatusCode.Internal, $"px-load: client_order_id {request.CorrelationId} is already in flight"));
                continue;
            }

            try
            {
                await _call.RequestStream.WriteAsync(request.Message);
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException or IOException or ObjectDisposedException)
            {
                Fail(e is RpcException rpc ? Answer.Failed(rpc.StatusCode, rpc.Status.Detail) : Answer.Failed(StatusCode.Unavailable, $"the session broke: {e.Message}"));
            }

            if (Volatile.Read(ref _failure) is { } late && _pending.TryRemove(request.CorrelationId, out _))
            {
                _sink.OnAnswer(request, late.Value);
            }
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var report in _call.ResponseStream.ReadAllAsync())
            {
                if (_pending.TryRemove(report.ClientOrderId, out var request))
                {
                    _sink.OnAnswer(request, Answer.FromReport(report));
                }
                else
                {
                    _sink.OnUnmatched(report);
                }
            }

            Fail(Answer.Failed(StatusCode.Unavailable, "the exchange ended the session"));
        }
        catch (RpcException e)
        {
            Fail(Answer.Failed(e.StatusCode, e.Status.Detail));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ObjectDisposedException)
        {
            Fail(Answer.Failed(StatusCode.Unavailable, $"the session broke: {e.Message}"));
        }
    }

    /// <summary>The session is over: every request waiting in it is answered with <paramref name="failure"/>.</summary>
    private void Fail(Answer failure)
    {
        Interlocked.CompareExchange(ref _failure, new StrongBox<Answer>(failure), null);
        var first = Volatile.Read(ref _failure)!.Value;
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var request))
            {
                _sink.OnAnswer(request, first);
            }
        }
    }
}
