using System.Globalization;
using System.Text.Json;
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
    private static readonly string WebRoot = Path.Combine(BrowserScript.WebProject, "dist");

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
        BrowserScript.RequireBrowser();
    }

    private static IEnumerable<(string?, string?)> Levels(JsonElement levels) =>
        levels.EnumerateArray().Select(level => (level.GetProperty("price").GetString(), level.GetProperty("qty").GetString()));

    /// <summary>A file beside the other results of scripts/test.sh: .data/test-results.</summary>
    private static string ResultPath(string name)
    {
        var folder = Path.Combine(BrowserScript.Root, ".data", "test-results");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
