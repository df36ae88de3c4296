using Grpc.Core;
using Grpc.Net.Client;
using PointsExchange.Contracts.V1;

namespace PointsExchange.LoadTest;

/// <summary>
/// The load's links to the exchange: one gRPC channel per --connections, each on its own HTTP/2 connection (a
/// channel never opens a second one, so the count means what it says; the server allows 100 concurrent
/// streams per connection, beyond which calls wait in the client and the wait counts as latency).
/// </summary>
internal sealed class ExchangeConnection : IDisposable
{
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(30);
    private readonly GrpcChannel[] _channels;

    public ExchangeConnection(Uri server, int connections)
    {
        _channels = [.. Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = false,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            },
            DisposeHttpClient = true,
        }))];
        Address = server.GetLeftPart(UriPartial.Authority);
    }

    public string Address { get; }

    public IReadOnlyList<GrpcChannel> Channels => _channels;

    public Admin.AdminClient Admin => new(_channels[0]);

    public Merchant.MerchantClient Merchant => new(_channels[0]);

    public Trading.TradingClient Trading => new(_channels[0]);

    public MarketData.MarketDataClient MarketData => new(_channels[0]);

    /// <summary>A setup call as the key's account, with a deadline.</summary>
    public static CallOptions As(string key, CancellationToken cancel) => new(Authorization(key), DateTime.UtcNow + SetupTimeout, cancel);

    public static Metadata Authorization(string key) => new() { { "authorization", "Bearer " + key } };

    /// <summary>Fails with a message that says what to do when nothing answers at the address.</summary>
    public async Task<IReadOnlyList<Pair>> ProbeAsync(CancellationToken cancel)
    {
        try
        {
            var pairs = await MarketData.ListPairsAsync(new ListPairsRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancel));
            return pairs.Pairs;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal && !cancel.IsCancellationRequested)
        {
            var cause = e.Status.DebugException is { } debug ? Innermost(debug).Message.TrimEnd('.') : $"{e.StatusCode}: {e.Status.Detail}";
            throw new SetupException($"cannot reach the exchange at {Address} ({cause}). Is it running? Start it with: bash scripts/start.sh", e);
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
