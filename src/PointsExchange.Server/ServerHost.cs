using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using PointsExchange.Engine;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using PointsExchange.Server.Auth;
using PointsExchange.Server.Hosting;
using PointsExchange.Server.Services;

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
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });

        var connection = builder.Configuration.GetConnectionString("Ledger") is { Length: > 0 } configured ? configured : LedgerOptions.FromEnvironment();
        builder.Services.AddSingleton(new PostgresLedger(new LedgerOptions { ConnectionString = connection }));
        builder.Services.AddSingleton(new EngineOptions { Shards = options.Shards, RingSize = options.RingSize });
        builder.Services.AddSingleton<MakerFillPublisher>();
        builder.Services.AddSingleton<IPublishPort>(services => new PublishFanout([services.GetRequiredService<MakerFillPublisher>()]));
        builder.Services.AddSingleton<EngineHost>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddHostedService<EngineLifetime>();

        builder.UseOrleans(silo => silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort));
        builder.Services.AddHostedService<Bootstrap>();

        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<AuthInterceptor>();
            grpc.MaxReceiveMessageSize = options.MaxRequestBytes;
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck("engine", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());

        var app = builder.Build();
        app.MapGrpcService<AdminService>();
        app.MapGrpcService<MerchantService>();
        app.MapGrpcService<TradingService>();
        app.MapGrpcService<MarketDataService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapGet("/", () => "PointsExchange: native gRPC on port " + app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.GrpcPort);
        return app;
    }
}
