using Grpc.Core;
using Grpc.Net.Client;
using PointsExchange.Contracts.V1;

namespace PointsExchange.Cli;

/// <summary>
/// One command's link to the exchange: a plain-text HTTP/2 (h2c) or TLS channel, and the options of each call
/// (deadline, Ctrl-C, and for everything but market data the key as <c>authorization: Bearer &lt;key&gt;</c>).
/// </summary>
internal sealed class Connection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Settings _settings;
    private readonly CancellationToken _cancel;
    private Dictionary<string, Pair>? _pairs;

    /// <param name="handler">Tests put a recording handler here; null uses the default sockets handler.</param>
    public Connection(Settings settings, HttpMessageHandler? handler, CancellationToken cancel)
    {
        _settings = settings;
        _cancel = cancel;
        _channel = GrpcChannel.ForAddress(settings.Server, new GrpcChannelOptions { HttpHandler = handler });
    }

    public Admin.AdminClient Admin => new(_channel);

    public Merchant.MerchantClient Merchant => new(_channel);

    public Trading.TradingClient Trading => new(_channel);

    public MarketData.MarketDataClient MarketData => new(_channel);

    /// <summary>Options for a call that acts as the key's account; without a key nothing is sent.</summary>
    public CallOptions Authenticated()
    {
        if (_settings.ApiKey is null)
        {
            throw new UsageException("--key: this command needs an API key (--key KEY, or set PX_API_KEY)");
        }

        return new CallOptions(new Metadata { { "authorization", "Bearer " + _settings.ApiKey } }, Deadline(), _cancel);
    }

    /// <summary>Options for market data, which needs no key and is sent none.</summary>
    public CallOptions Anonymous() => new(new Metadata(), Deadline(), _cancel);

    /// <summary>The pairs by symbol, fetched once per command (for lot sizes: rate = price / lot size).</summary>
    public async Task<IReadOnlyDictionary<string, Pair>> PairsAsync()
    {
        if (_pairs is null)
        {
            var response = await MarketData.ListPairsAsync(new ListPairsRequest(), Anonymous());
            _pairs = response.Pairs.ToDictionary(p => p.Symbol, StringComparer.Ordinal);
        }

        return _pairs;
    }

    /// <summary>Lot sizes by symbol, for <see cref="Format.Rate(long, string, IReadOnlyDictionary{string, long})"/>.</summary>
    public async Task<IReadOnlyDictionary<string, long>> LotSizesAsync() =>
        (await PairsAsync()).ToDictionary(p => p.Key, p => p.Value.LotSize, StringComparer.Ordinal);

    public void Dispose() => _channel.Dispose();

    // Each call gets the whole --timeout: a deadline per call, not per command (book --watch makes one a second).
    private DateTime Deadline() => DateTime.UtcNow + _settings.Timeout;
}
