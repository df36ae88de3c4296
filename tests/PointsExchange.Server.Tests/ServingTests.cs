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
}
