using System.Text.Json;
using PointsExchange.LoadTest;
using Xunit.Abstractions;

namespace PointsExchange.Server.Tests;

/// <summary>
/// px-load (bench/PointsExchange.LoadTest), run in-process through <see cref="LoadApp.RunAsync"/> against the real
/// server over a fresh database of the real PostgreSQL: it creates its own world through the API, drives it, checks
/// the ledger and writes its report, which headless chromium then opens. Each run's folder is kept in
/// .data/test-results/load/ for a look afterwards. They run alone, with the browser tests: a load test should
/// neither compete with the other tests for the machine nor slow down their timed waits.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LoadRunTests(ITestOutputHelper output)
{

    [Theory]
    [InlineData("stream")]
    [InlineData("unary")]
    public async Task A_short_run_has_no_unexpected_errors_and_the_ledger_conserves_every_point(string transport)
    {
        await using var server = await TestServer.StartAsync();
        var folder = RunFolder($"short-{transport}");

        var (exit, stdout) = await RunAsync(server, folder, "--rate", "200", "--duration", "3s", "--warmup", "1s", "--transport", transport);

        var result = ReadResult(folder);
        Assert.True(exit == LoadApp.Ok, $"px-load exited {exit}:\n{stdout}");
        Assert.Equal(transport, result.Options.Transport);
        Assert.Equal(600, result.Counts.Sent);
        Assert.Equal(result.Counts.Sent, result.Counts.Answered);
        Assert.True(result.Counts.UnexpectedErrors == 0, $"unexpected errors: {string.Join("; ", result.Errors.Where(e => !e.Expected).Select(e => $"{e.Code} x{e.Count}: {e.Example}"))}");
        Assert.Equal(0, result.Counts.Unanswered);
        Assert.DoesNotContain(result.WarmupErrors, e => !e.Expected);
        Assert.True(result.Counts.Fills > 0, "crossing and market orders should have traded");
        Assert.True(result.Counts.ByKind["cancel"].Accepted > 0, "some cancels should have found their order open");
        Assert.Equal(result.Counts.Answered, result.LatencyMs.Count);

        Assert.Equal(CheckStatus.Pass, result.Checks.Conservation.Status);
        Assert.Equal(3, result.Checks.Conservation.Currencies.Count);
        Assert.All(result.Checks.Conservation.Currencies, c => Assert.True(c.Accounts >= 7 && c.IssuedMinusRedeemed > 0, $"{c}"));
        Assert.Equal(CheckStatus.Pass, result.Checks.AcknowledgedOrders.Status);
        Assert.True(result.Checks.AcknowledgedOrders.Acknowledged >= result.Counts.ByKind["limit"].Accepted, $"{result.Checks.AcknowledgedOrders}");
        Assert.Contains("conservation         PASS", stdout, StringComparison.Ordinal);

        // The ledger's own invariants agree, and what px-load counted is in the database.
        using (var ledger = server.Database.OpenLedger())
        {
            Assert.Empty(await ledger.CheckInvariantsAsync());
        }

        Assert.True((long)server.Database.Scalar("select count(*) from orders where client_order_id like $1", result.RunId + "-%")! >= result.Checks.AcknowledgedOrders.Acknowledged / 2);

        foreach (var file in new[] { ReportFiles.Histogram, ReportFiles.ServiceHistogram, ReportFiles.Html, ReportFiles.Json })
        {
            Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 0, $"{file} is missing or empty");
        }

        AssertKeysStayInTheStateFile(folder, stdout);
    }

    [Fact]
    public async Task A_second_run_reuses_the_world_and_a_ledger_that_does_not_balance_fails_the_check()
    {
        await using var server = await TestServer.StartAsync();
        var first = RunFolder("reuse-first");
        var second = RunFolder("reuse-second");
        var (exit, stdout) = await RunAsync(server, first, "--rate", "100", "--duration", "1s", "--warmup", "0");
        Assert.True(exit == LoadApp.Ok, $"px-load exited {exit}:\n{stdout}");
        var world = ReadResult(first).World;

        // An operator with plain SQL gives one member a point out of nowhere.
        var code = $"LD{world}A";
        server.Database.Scalar(
            "update balances set total = total + 1 where currency_id = (select currency_id from currencies where code = $1) " +
            "and account_id = (select min(account_id) from accounts where display_name like 'px-load member %')", code);

        (exit, stdout) = await RunAsync(server, second, "--rate", "100", "--duration", "1s", "--warmup", "0", "--reuse", first);

        var result = ReadResult(second);
        Assert.Equal(world, result.World);
        Assert.Contains($"reused world {world}, added 0 currencies, 0 pairs, 0 members", stdout, StringComparison.Ordinal);
        Assert.Equal(LoadApp.Problems, exit);
        Assert.Equal(CheckStatus.Fail, result.Checks.Conservation.Status);
        Assert.Contains($"{code} balances sum to 1", result.Checks.Conservation.Detail, StringComparison.Ordinal);
        Assert.Equal(1, result.Checks.Conservation.Currencies.Single(c => c.Code == code).BalanceSum);
        Assert.Equal(CheckStatus.Pass, result.Checks.AcknowledgedOrders.Status);
        Assert.Contains("conservation         FAIL", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_early_still_writes_the_report_of_what_was_measured()
    {
        await using var server = await TestServer.StartAsync();
        var folder = RunFolder("stopped-early");
        using var ctrlC = new CancellationTokenSource();

        var run = RunAsync(server, folder, ctrlC.Token, "--rate", "100", "--duration", "60s", "--warmup", "0");
        await WaitForAsync(() => File.Exists(Path.Combine(folder, ReportFiles.State)), TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await ctrlC.CancelAsync();
        var (exit, stdout) = await run;

        var result = ReadResult(folder);
        Assert.True(exit == LoadApp.Interrupted, $"px-load exited {exit}:\n{stdout}");
        Assert.True(result.StoppedEarly);
        Assert.InRange(result.MeasuredSeconds, 1, 30);
        Assert.InRange(result.Counts.Sent, 50, 3_000);
        Assert.Equal(result.Counts.Sent, result.Counts.Answered);
        Assert.Equal(0, result.Counts.UnexpectedErrors);
        Assert.Equal(CheckStatus.Pass, result.Checks.Conservation.Status);
        Assert.Contains("STOPPED EARLY", stdout, StringComparison.Ordinal);
        Assert.Contains("Stopped early (Ctrl-C)", await File.ReadAllTextAsync(Path.Combine(folder, ReportFiles.Html)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_database_the_checks_say_they_were_not_run()
    {
        await using var server = await TestServer.StartAsync();
        var folder = RunFolder("no-database");

        var (exit, stdout) = await RunAsync(server, folder, "--rate", "50", "--duration", "1s", "--warmup", "0",
            "--pg", "Host=127.0.0.1;Port=9;Username=postgres;Password=secret-pw;Database=nowhere");

        var result = ReadResult(folder);
        Assert.True(exit == LoadApp.Ok, $"px-load exited {exit}:\n{stdout}");
        Assert.Equal(CheckStatus.NotRun, result.Checks.Conservation.Status);
        Assert.Equal(CheckStatus.NotRun, result.Checks.AcknowledgedOrders.Status);
        Assert.Contains("conservation         NOT RUN", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", stdout + await File.ReadAllTextAsync(Path.Combine(folder, ReportFiles.Json)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_opens_in_chromium_from_disk_and_draws_its_three_plots()
    {
        BrowserScript.RequireBrowser();
        await using var server = await TestServer.StartAsync();
        var folder = RunFolder("browser");
        var (exit, stdout) = await RunAsync(server, folder, "--rate", "200", "--duration", "3s", "--warmup", "1s");
        Assert.True(exit == LoadApp.Ok, $"px-load exited {exit}:\n{stdout}");

        var screenshot = Path.Combine(folder, "report.png");
        var seen = await BrowseAsync(Path.Combine(folder, ReportFiles.Html), screenshot);

        output.WriteLine($"screenshot: {screenshot}");
        Assert.Empty(seen.GetProperty("problems").EnumerateArray());
        Assert.Empty(seen.GetProperty("requests").EnumerateArray());
        var charts = seen.GetProperty("charts").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["p99", "percentiles", "throughput"], charts.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, chart) in charts.Select(c => (c.Key, c.Value)))
        {
            Assert.True(chart.GetProperty("width").GetDouble() > 400 && chart.GetProperty("height").GetDouble() > 100, $"{name} is not laid out: {chart}");
            Assert.True(chart.GetProperty("paths").GetInt32() >= 2, $"{name} has too few lines: {chart}");
            var line = chart.GetProperty("drawn")[0];
            Assert.True(line.GetProperty("length").GetDouble() > 100 && line.GetProperty("width").GetDouble() > 100, $"{name}'s first line is not drawn: {line}");
        }

        Assert.True(charts["percentiles"].GetProperty("points").GetInt32() > 20, $"the percentile curve has too few points: {charts["percentiles"]}");
        Assert.Equal("PASS", seen.GetProperty("checks").GetProperty("conservation").GetString());
        Assert.Equal("PASS", seen.GetProperty("checks").GetProperty("acknowledged orders").GetString());
    }

    private Task<(int Exit, string Output)> RunAsync(TestServer server, string folder, params string[] options) =>
        RunAsync(server, folder, CancellationToken.None, options);

    private async Task<(int Exit, string Output)> RunAsync(TestServer server, string folder, CancellationToken stop, params string[] options)
    {
        var common = new List<string>
        {
            "--server", $"http://127.0.0.1:{server.GrpcPort}", "--admin-key-file", Path.Combine(server.DataDirectory, "admin.key"),
            "--out", folder, "--members", "6", "--pairs", "2", "--seed", "11",
        };
        if (!options.Contains("--pg"))
        {
            common.AddRange(["--pg", server.Database.ConnectionString]);
        }

        var writer = new StringWriter();
        var exit = await LoadApp.RunAsync([.. common, .. options], TextWriter.Synchronized(writer), stop: stop);
        var text = writer.ToString();
        output.WriteLine(text);
        return (exit, text);
    }

    private static LoadResult ReadResult(string folder)
    {
        var path = Path.Combine(folder, ReportFiles.Json);
        Assert.True(File.Exists(path), $"{path} was not written");
        return JsonSerializer.Deserialize<LoadResult>(File.ReadAllText(path), JsonFiles.Options)!;
    }

    /// <summary>The keys px-load created are in its state file (mode 0600) and nowhere in what it printed or reported.</summary>
    private static void AssertKeysStayInTheStateFile(string folder, string stdout)
    {
        var statePath = Path.Combine(folder, ReportFiles.State);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(statePath));
        using var state = JsonDocument.Parse(File.ReadAllText(statePath));
        var keys = state.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("api_key").GetString()!)
            .Concat(state.RootElement.GetProperty("currencies").EnumerateArray().Select(c => c.GetProperty("merchant_api_key").GetString()!))
            .ToList();
        Assert.Equal(6 + 3, keys.Count);
        var published = stdout + string.Concat(new[] { ReportFiles.Json, ReportFiles.Html, ReportFiles.Histogram }.Select(f => File.ReadAllText(Path.Combine(folder, f))));
        Assert.All(keys, key => Assert.DoesNotContain(key, published, StringComparison.Ordinal));
    }

    /// <summary>Runs browser/report.mjs with node on the report and returns its one "result" line.</summary>
    private async Task<JsonElement> BrowseAsync(string report, string screenshot)
    {
        await using var script = BrowserScript.Start("report.mjs", new Dictionary<string, string> { ["PX_REPORT"] = report, ["PX_SCREENSHOT"] = screenshot });
        var result = await script.ReadAsync("result");
        output.WriteLine($"report.mjs: {result}");
        return result;
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not done within {limit.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>An empty folder for one run, beside the other results of scripts/test.sh: .data/test-results/load/NAME.</summary>
    private static string RunFolder(string name)
    {
        var folder = Path.Combine(BrowserScript.Root, ".data", "test-results", "load", name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        return folder;
    }
}
