using System.Threading.Channels;
using Grpc.Core;

namespace PointsExchange.Server.Streaming;

/// <summary>
/// One subscriber's bounded queue between the publish stage and its gRPC stream. The publish stage only
/// ever offers (never waits): when the queue is full the subscriber is cut off, and its stream ends with
/// RESOURCE_EXHAUSTED saying that it fell behind. Matching and the other subscribers go on untouched.
/// </summary>
internal sealed class Subscription<T>
{
    private readonly Channel<T> _queue;
    private readonly string _what;
    private volatile bool _closed;

    public Subscription(int capacity, string what)
    {
        _queue = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _what = what;
    }

    /// <summary>False once the subscriber was cut off or has left: the publisher forgets it.</summary>
    public bool IsOpen => !_closed;

    /// <summary>Queues a message; a full queue cuts the subscriber off. Never blocks.</summary>
    public void Offer(T message)
    {
        if (_closed || _queue.Writer.TryWrite(message))
        {
            return;
        }

        _closed = true;
        _queue.Writer.TryComplete(new RpcException(new Status(StatusCode.ResourceExhausted,
            $"the subscriber fell behind: more than {_queue.Reader.Count} {_what} messages were waiting; subscribe again")));
    }

    /// <summary>Ends the stream with UNAVAILABLE: the server is stopping.</summary>
    public void Shutdown()
    {
        _closed = true;
        _queue.Writer.TryComplete(new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down; subscribe again")));
    }

    /// <summary>Ends the stream normally (the subscriber left).</summary>
    public void Close()
    {
        _closed = true;
        _queue.Writer.TryComplete();
    }

    /// <summary>The queued messages, until the subscriber is cut off (the enumeration then throws RESOURCE_EXHAUSTED).</summary>
    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancel) => _queue.Reader.ReadAllAsync(cancel);

    /// <summary>Writes every queued message to the stream until the subscriber leaves or is cut off.</summary>
    public async Task PumpAsync<TWire>(IServerStreamWriter<TWire> stream, Func<T, TWire?> toWire, CancellationToken cancel)
        where TWire : class
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(cancel))
            {
                if (toWire(message) is { } wire)
                {
                    await stream.WriteAsync(wire, cancel);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }
        finally
        {
            Close();
        }
    }
}
