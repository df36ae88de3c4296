using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PointsExchange.Grains;

namespace PointsExchange.Server.Tests;

/// <summary>
/// The real server on loopback ports, over a fresh database of the real PostgreSQL, reached with a real
/// Grpc.Net.Client. It can be stopped and started again on the same database and data folder.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private WebApplication? _app;

    private TestServer(PostgresTestDatabase database, Dictionary<string, string> settings)
    {
        Database = database;
        _settings = settings;
    }

    public PostgresTestDatabase Database { get; }

    public string DataDirectory => _settings["PointsExchange:DataDirectory"];

    public int GrpcPort => int.Parse(_settings["PointsExchange:GrpcPort"], System.Globalization.CultureInfo.InvariantCulture);

    public GrpcChannel Channel { get; private set; } = null!;

    public string AdminKey => File.ReadAllText(Path.Combine(DataDirectory, "admin.key")).Trim();

    public IServiceProvider Services => _app!.Services;

    /// <summary>The HTTP/1.1 port: gRPC-Web and the dashboard.</summary>
    public int HttpPort => int.Parse(_settings["PointsExchange:HttpPort"], System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<TestServer> StartAsync(bool seedDemo = false, int ringSize = 1 << 14, PostgresTestDatabase? database = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["PointsExchange:GrpcPort"] = TestPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PointsExchange:HttpPort"] = TestPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PointsExchange:SiloPort"] = TestPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PointsExchange:GatewayPort"] = TestPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PointsExchange:DataDirectory"] = Directory.CreateTempSubdirectory("px-server-").FullName,
            ["PointsExchange:SeedDemo"] = seedDemo ? "true" : "false",
            ["PointsExchange:RingSize"] = ringSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var server = new TestServer(database ?? new PostgresTestDatabase(), all);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same database, data folder and ports.</summary>
    public async Task StartAgainAsync()
    {
        var args = _settings.Select(kv => $"--{kv.Key}={kv.Value}").Append($"--ConnectionStrings:Ledger={Database.ConnectionString}").ToArray();
        _app = ServerHost.Build(args);
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
    }

    /// <summary>Graceful stop: queued commands are answered, then the engine and the silo stop.</summary>
    public async Task StopAsync()
    {
        Channel.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public EngineHost Engine => Services.GetRequiredService<EngineHost>();

    public static CallOptions As(string key) => new(new Metadata { { "authorization", "Bearer " + key } });

    public Admin.AdminClient Admin => new(Channel);

    public Merchant.MerchantClient Merchant => new(Channel);

    public Trading.TradingClient Trading => new(Channel);

    public MarketData.MarketDataClient MarketData => new(Channel);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Database.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
