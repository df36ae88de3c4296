using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace PointsExchange.Server.Tests;

public sealed class ServingTests
{
    [Fact]
    public async Task Health_and_reflection_are_served_without_a_key()
    {
        await using var server = await TestServer.StartAsync();

        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        using var reflection = new ServerReflection.ServerReflectionClient(server.Channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains("pointsexchange.v1.Trading", services);
        Assert.Contains("pointsexchange.v1.MarketData", services);
        Assert.Contains("pointsexchange.v1.Admin", services);
        Assert.Contains("pointsexchange.v1.Merchant", services);
    }

    [Fact]
    public async Task The_first_start_writes_the_admin_key_to_a_file_only_its_owner_can_read()
    {
        await using var server = await TestServer.StartAsync();
        var file = Path.Combine(server.DataDirectory, "admin.key");

        Assert.StartsWith("px_", server.AdminKey, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(file));
        var account = await server.Admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = "x", Role = Role.User }, TestServer.As(server.AdminKey));
        Assert.True(account.AccountId > 0);
        Assert.Equal(0L, server.Database.Scalar("select count(*) from api_keys where key_hash = convert_to($1, 'UTF8')", account.ApiKey));
    }

    [Fact]
    public async Task With_demo_activity_on_the_demo_market_keeps_trading_and_the_ticker_moves()
    {
        await using var server = await TestServer.StartAsync(seedDemo: true,
            settings: new Dictionary<string, string> { ["PointsExchange:DemoActivity"] = "true" });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tickers = server.MarketData.StreamTickers(new StreamTickersRequest(), cancellationToken: cancel.Token);
        var volumes = new Dictionary<string, long>();
        while (volumes.Count(v => v.Value > 0) < 2 && await tickers.ResponseStream.MoveNext(cancel.Token))
        {
            volumes[tickers.ResponseStream.Current.Symbol] = tickers.ResponseStream.Current.Volume24H;
        }

        Assert.True(volumes.Count(v => v.Value > 0) >= 2, "fewer than two demo pairs traded within a minute");
        Assert.True(server.Database.Count("trades") >= 2);
    }
}
