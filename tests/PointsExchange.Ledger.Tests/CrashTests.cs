using System.Diagnostics;
using System.Globalization;

namespace PointsExchange.Ledger.Tests;

/// <summary>An acknowledged command survives kill -9; an unacknowledged one is applied wholly or not at all.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly PostgresTestDatabase _db = new();

    [Fact]
    public async Task Kill_9_after_acknowledged_batches_loses_none_of_them()
    {
        long pairId;
        long[] members;
        using (var market = await TradingScenario.CreateAsync(_db, members: 2, funding: 1_000_000_000))
        {
            pairId = market.Pair.PairId;
            members = market.Members;
        }

        var acknowledged = new List<long>();
        for (var run = 0; run < 3; run++)
        {
            acknowledged.AddRange(await RunAndKillAsync(pairId, members, acksBeforeKill: 200 + (run * 150)));
            Assert.Empty(await CheckAsync());
        }

        var missing = acknowledged.Where(id => (long)_db.Scalar("select count(*) from orders where order_id = $1", id)! == 0).ToList();
        Assert.Empty(missing);
        Assert.True(acknowledged.Count >= 1_000);
        Assert.True(_db.Count("trades") > 100);
    }

    private async Task<IReadOnlyList<string>> CheckAsync()
    {
        using var ledger = _db.OpenLedger();
        return await ledger.CheckInvariantsAsync();
    }

    private async Task<List<long>> RunAndKillAsync(long pairId, long[] members, int acksBeforeKill)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "PointsExchange.Ledger.CrashProbe.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { probe, _db.ConnectionString, pairId.ToString(CultureInfo.InvariantCulture),
            members[0].ToString(CultureInfo.InvariantCulture), members[1].ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var acks = new List<long>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            while (acks.Count < acksBeforeKill)
            {
                var line = await process.StandardOutput.ReadLineAsync(patience.Token);
                Assert.True(line is not null, "the probe exited: " + errors);
                if (line.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    acks.Add(long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture));
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the probe acknowledged only {acks.Count} orders in 90 s; its errors: {errors}");
        }

        // SIGKILL: no shutdown code runs; whatever batch is in flight is cut off.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        lock (errors)
        {
            Assert.True(errors.ToString().Trim().Length == 0, "the probe reported errors: " + errors);
        }

        return acks;
    }

    public void Dispose() => _db.Dispose();
}
