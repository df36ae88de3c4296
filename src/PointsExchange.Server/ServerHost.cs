using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PointsExchange.Engine;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using PointsExchange.Server.Auth;
using PointsExchange.Server.Hosting;
using PointsExchange.Server.Services;
using PointsExchange.Server.Streaming;

namespace PointsExchange.Server;

/// <summary>
/// Builds the server: ASP.NET Core gRPC and an Orleans silo in one process.
/// <list type="bullet">
/// <item>native gRPC (h2c): <see cref="ServerOptions.GrpcPort"/> (5080)</item>
/// <item>HTTP/1.1: <see cref="ServerOptions.HttpPort"/> (5081): gRPC-Web and the web pages</item>
/// </list>
/// Settings: appsettings.json section "PointsExchange", or environment variables PointsExchange__Name;
/// the ledger: PX_PG or ConnectionStrings:Ledger, else the private cluster of scripts/pg.sh.
/// </summary>
public static class ServerHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<ServerOptions>(builder.Configuration.GetSection(ServerOptions.Section));
        var options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(options.ListenAddress);
            kestrel.Listen(address, options.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, options.HttpPort, o => o.Protocols = HttpProtocols.Http1);
            // A backstop only: gRPC reads the 5-byte length prefix and answers RESOURCE_EXHAUSTED for a message over
            // MaxRequestBytes. Were Kestrel's limit the same size, it could abort the stream first (CI saw UNKNOWN).
            kestrel.Limits.MaxRequestBodySize = 16L * options.MaxRequestBytes;
        });

        var connection = builder.Configuration.GetConnectionString("Ledger") is { Length: > 0 } configured ? configured : LedgerOptions.FromEnvironment();
        builder.Services.AddSingleton(services => new PostgresLedger(
            new LedgerOptions { ConnectionString = connection, SettlementNice = options.SettlementNice, RecentOrders = options.RecentOrders },
            services.GetRequiredService<ILogger<PostgresLedger>>()));
        builder.Services.AddSingleton(new EngineOptions { Shards = options.Shards, RingSize = options.RingSize });
        builder.Services.AddSingleton(services => new AccountGrains(services.GetRequiredService<IGrainFactory>()));
        builder.Services.AddSingleton<MakerFillPublisher>();
        builder.Services.AddSingleton(services => new MarketDataHub(services.GetRequiredService<PostgresLedger>(), options.SubscriberQueue));
        builder.Services.AddSingleton<IPublishPort>(services => new PublishFanout(
            [services.GetRequiredService<MakerFillPublisher>(), services.GetRequiredService<MarketDataHub>()]));
        builder.Services.AddSingleton<EngineHost>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddHostedService<EngineLifetime>();
        // Its StoppingAsync ends the streams before any hosted service stops (the engine still answers meanwhile).
        builder.Services.AddSingleton<StreamDrain>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StreamDrain>());

        builder.UseOrleans(silo => silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort));
        builder.Services.AddHostedService<Bootstrap>();
        builder.Services.AddHostedService<DemoActivity>();

        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<AuthInterceptor>();
            grpc.MaxReceiveMessageSize = options.MaxRequestBytes;
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck("engine", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());

        var app = builder.Build();

        // The dashboard: static files built by scripts/web.sh, speaking gRPC-Web (HTTP/1.1) to the same services.
        var webRoot = options.WebRoot is { Length: > 0 } root ? Path.GetFullPath(root) : Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(webRoot))
        {
            var files = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(webRoot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }

        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapGrpcService<AdminService>();
        app.MapGrpcService<MerchantService>();
        app.MapGrpcService<TradingService>();
        app.MapGrpcService<MarketDataService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        if (!Directory.Exists(webRoot))
        {
            app.MapGet("/", () => "PointsExchange: native gRPC on port " + options.GrpcPort + "; the dashboard is not built (bash scripts/web.sh)");
        }

        return app;
    }
}
