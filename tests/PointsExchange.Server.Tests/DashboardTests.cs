using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Xunit.Abstractions;

namespace PointsExchange.Server.Tests;

/// <summary>
/// The merchant dashboard (src/PointsExchange.Web) in headless Debian Chromium, served by the real server.
/// A node script in <c>browser/</c> drives the page with playwright-core and reports what the page shows as
/// JSON lines on stdout; the test acts through gRPC and asserts on those reports. Needs the built page and
/// playwright-core (<c>bash scripts/web.sh</c>) and /usr/bin/chromium (<c>bash scripts/browser.sh</c>):
/// without them these tests fail, saying which command to run. They are never skipped.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Root = FindRoot();
    private static readonly string WebProject = Path.Combine(Root, "src", "PointsExchange.Web");
    private static readonly string WebRoot = Path.Combine(WebProject, "dist");

    [Fact]
    public async Task A_merchant_sees_a_new_trade_and_the_new_rate_without_reloading_the_page()
    {
        RequireBrowserSetup();
        await using var server = await StartAsync();
        var x = await Exchange.CreateAsync(server);
        var alice = TestServer.As(x.AliceKey);
        var bob = TestServer.As(x.BobKey);

        // Before the page opens: a trade at 120 AIRMILES a lot of 100 HOTEL (rate 1.2), an ask of 10 lots at 135, a bid.
        await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Sell, 120, 5), alice);
        await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 120, 5), bob);
        await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Sell, 135, 10), alice);
        await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 110, 3), bob);

        var screenshot = ResultPath("dashboard.png");
        await using var page = BrowserScript.Start("dashboard-live.mjs", new Dictionary<string, string>
        {
            ["PX_URL"] = $"http://127.0.0.1:{server.HttpPort}/",
            ["PX_KEY"] = x.HotelMerchantKey,
            ["PX_SYMBOL"] = Exchange.Symbol,
            ["PX_WAIT_MS"] = "10000",
            ["PX_SCREENSHOT"] = screenshot,
        });
        var ready = await page.ReadAsync("ready");
        output.WriteLine($"ready: {ready}");
        Assert.True(ready.GetProperty("streamsLive").GetBoolean(), $"the page's streams did not all open within 20 s: {ready.GetProperty("links")}");
        Assert.Equal("1.2", ready.GetProperty("rate").GetString());
        Assert.Equal("200,000", ready.GetProperty("stats").GetProperty("issued_total").GetString());

        // Bob takes 4 of Alice's 10 lots at 135: the rate moves to 1.35 and 6 lots are left at 135.
        var taken = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 135, 4), bob);
        var fill = Assert.Single(taken.Fills);

        var seen = await page.ReadAsync("result");
        output.WriteLine($"result: {seen}");
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(seen.GetProperty("sawUpdate").GetBoolean(),
            $"the page did not show the new trade and rate within 10 s without a reload; its streams: {seen.GetProperty("links")}; "
            + $"page problems: {seen.GetProperty("problems")}; screenshot: {screenshot}");
        var trade = Assert.Single(seen.GetProperty("newTrades").EnumerateArray());
        Assert.Equal((fill.TradeId.ToString(CultureInfo.InvariantCulture), "135", "4"),
            (trade.GetProperty("id").GetString(), trade.GetProperty("price").GetString(), trade.GetProperty("qty").GetString()));
        Assert.Equal("1.35", seen.GetProperty("rate").GetString());
        Assert.Contains(("135", "6"), Levels(seen.GetProperty("asks")));
        Assert.Empty(seen.GetProperty("problems").EnumerateArray());
    }

    [Fact]
    public async Task The_key_stays_in_its_tab_and_never_reaches_a_url_local_storage_a_cookie_or_the_console()
    {
        RequireBrowserSetup();
        await using var server = await StartAsync();
        var x = await Exchange.CreateAsync(server);

        await using var page = BrowserScript.Start("dashboard-privacy.mjs", new Dictionary<string, string>
        {
            ["PX_URL"] = $"http://127.0.0.1:{server.HttpPort}/",
            ["PX_KEY"] = x.HotelMerchantKey,
        });
        var seen = await page.ReadAsync("result");
        output.WriteLine($"result: {seen}");

        Assert.Empty(seen.GetProperty("found").EnumerateArray().Select(place => place.GetString()));
        Assert.True(seen.GetProperty("keptForTheTab").GetBoolean(), "a reload should keep the merchant signed in (sessionStorage)");
        Assert.True(seen.GetProperty("forgottenAtSignOut").GetBoolean(), "signing out should forget the key");
        Assert.Empty(seen.GetProperty("foreignRequests").EnumerateArray());
        var authorized = seen.GetProperty("authorizedPaths").EnumerateArray().Select(path => path.GetString()!).ToList();
        Assert.NotEmpty(authorized);
        Assert.All(authorized, path => Assert.StartsWith("/pointsexchange.v1.Merchant/", path, StringComparison.Ordinal));
    }

    private static Task<TestServer> StartAsync() =>
        TestServer.StartAsync(settings: new Dictionary<string, string> { ["PointsExchange:WebRoot"] = WebRoot });

    private static void RequireBrowserSetup()
    {
        Assert.True(File.Exists(Path.Combine(WebRoot, "index.html")),
            $"the dashboard is not built ({WebRoot}/index.html is missing): run bash scripts/web.sh");
        Assert.True(File.Exists(Path.Combine(WebProject, "node_modules", "playwright-core", "package.json")),
            "playwright-core is not installed in src/PointsExchange.Web/node_modules: run bash scripts/web.sh");
        Assert.True(File.Exists(Chromium), $"Chromium is missing at {Chromium}: run bash scripts/browser.sh (as root: apt-get install -y chromium)");
    }

    private static IEnumerable<(string?, string?)> Levels(JsonElement levels) =>
        levels.EnumerateArray().Select(level => (level.GetProperty("price").GetString(), level.GetProperty("qty").GetString()));

    /// <summary>A file beside the other results of scripts/test.sh: .data/test-results.</summary>
    private static string ResultPath(string name)
    {
        var folder = Path.Combine(Root, ".data", "test-results");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PointsExchange.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no PointsExchange.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// A script of browser/ run by node: its input in environment variables (a key in an argument would be
    /// visible to every process), its stdout read line by line as JSON reports, its stderr kept for messages.
    /// </summary>
    private sealed class BrowserScript : IAsyncDisposable
    {
        private static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(90);
        private readonly Process _process;
        private readonly string _name;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly StringBuilder _stderr = new();

        private BrowserScript(Process process, string name)
        {
            _process = process;
            _name = name;
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    _lines.Writer.TryComplete();
                }
                else
                {
                    _lines.Writer.TryWrite(e.Data);
                }
            };
            _process.ErrorDataReceived += (_, e) =>
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public static BrowserScript Start(string script, IReadOnlyDictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Root,
            };
            start.ArgumentList.Add(Path.Combine(Root, "tests", "PointsExchange.Server.Tests", "browser", script));
            start.Environment["PX_WEB_DIR"] = WebProject;
            start.Environment["PX_CHROMIUM"] = Chromium;
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            Process? process = null;
            var failure = "";
            try
            {
                process = Process.Start(start);
            }
            catch (Win32Exception e)
            {
                failure = e.Message;
            }

            Assert.True(process is not null, $"node could not be started ({failure}): Node.js >= 20.19 is needed, see scripts/web.sh");
            return new BrowserScript(process, script);
        }

        /// <summary>The next report, which must be of this stage.</summary>
        public async Task<JsonElement> ReadAsync(string stage)
        {
            using var timeout = new CancellationTokenSource(StageTimeout);
            try
            {
                while (await _lines.Reader.WaitToReadAsync(timeout.Token))
                {
                    var line = await _lines.Reader.ReadAsync(timeout.Token);
                    if (!line.StartsWith('{'))
                    {
                        continue;
                    }

                    using var report = JsonDocument.Parse(line);
                    var reported = report.RootElement.GetProperty("stage").GetString();
                    Assert.True(reported == stage, $"{_name} reported '{reported}' where '{stage}' was expected: {line}\n{Stderr()}");
                    return report.RootElement.Clone();
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                Assert.Fail($"{_name} reported no '{stage}' within {StageTimeout.TotalSeconds} s\n{Stderr()}");
            }

            await _process.WaitForExitAsync();
            Assert.Fail($"{_name} ended (exit code {_process.ExitCode}) without reporting '{stage}'\n{Stderr()}");
            return default;
        }

        private string Stderr()
        {
            lock (_stderr)
            {
                return _stderr.Length == 0 ? "(nothing on stderr)" : "stderr:\n" + _stderr;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
