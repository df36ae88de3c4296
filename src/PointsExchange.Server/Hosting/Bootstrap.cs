using Microsoft.Extensions.Options;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using PointsExchange.Server.Auth;

namespace PointsExchange.Server.Hosting;

/// <summary>
/// After the silo is up: makes sure an admin key exists (the first start creates it and writes it to a
/// file only its owner can read, and says where), loads every book, and seeds demo data when asked on
/// an empty ledger.
/// </summary>
public sealed class Bootstrap(PostgresLedger ledger, ApiKeys keys, IGrainFactory grains, IOptions<ServerOptions> options,
    DemoSeeder demo, ILogger<Bootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(options.Value.DataDirectory);
        Directory.CreateDirectory(data);
        var adminKeyFile = Path.Combine(data, "admin.key");
        if (!File.Exists(adminKeyFile))
        {
            var admins = await ledger.AccountsWithRoleAsync(AccountRole.Admin, cancellationToken);
            var admin = admins.Count > 0 ? admins[0] : await ledger.CreateAccountAsync("operator", AccountRole.Admin, cancellationToken);
            await SecretFile.WriteAsync(adminKeyFile, await keys.CreateAsync(admin, cancellationToken) + "\n");
            logger.LogInformation("Admin account {AccountId}: its API key was written to {Path} (readable by its owner only)", admin, adminKeyFile);
        }
        else
        {
            logger.LogInformation("Admin API key: {Path}", adminKeyFile);
        }

        foreach (var pair in await ledger.ListPairsAsync(cancellationToken))
        {
            await grains.GetGrain<IOrderBookGrain>(pair.PairId).GetDepth(1);
        }

        if (options.Value.SeedDemo)
        {
            await demo.SeedIfEmptyAsync(Path.Combine(data, "demo-keys.env"), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Writes a secret to a file created with mode 0600 (owner read and write only).</summary>
public static class SecretFile
{
    public static async Task WriteAsync(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
