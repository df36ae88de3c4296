namespace PointsExchange.LoadTest.Tests;

/// <summary>Bad options are refused before anything is sent: a non-zero exit code and one clear line, never a stack trace.</summary>
public sealed class OptionsTests : IDisposable
{
    // A closed port: a usage mistake must never get as far as connecting (that would be exit code 1).
    private const string Nowhere = "http://127.0.0.1:9";
    private readonly string _folder = Directory.CreateTempSubdirectory("px-load-options-").FullName;
    private readonly string _adminKey;

    public OptionsTests()
    {
        _adminKey = Path.Combine(_folder, "admin.key");
        File.WriteAllText(_adminKey, "px_not_a_real_key\n");
    }

    [Theory]
    [InlineData("--rate 0", "--rate: '0' must be a number above 0")]
    [InlineData("--rate -5", "--rate: '-5' must be a number above 0")]
    [InlineData("--rate fast", "--rate: 'fast' must be a number")]
    [InlineData("--closed 0", "--closed: '0' must be a whole number from 1")]
    [InlineData("--rate 100 --closed 4", "--rate and --closed exclude each other")]
    [InlineData("--transport carrier-pigeon", "--transport: 'carrier-pigeon' is not a transport; use stream")]
    [InlineData("--duration 5x", "--duration: '5x' is not a time")]
    [InlineData("--duration 0s", "--duration: '0s' must be more than 0")]
    [InlineData("--warmup -1", "--warmup: '-1' is not a time")]
    [InlineData("--members 0", "--members: '0' must be a whole number from 1")]
    [InlineData("--pairs 26", "--pairs: '26' must be a whole number from 1 to 25")]
    [InlineData("--connections many", "--connections: 'many' must be a whole number")]
    [InlineData("--mix limit=50", "--mix: the percentages add up to 50, not 100")]
    [InlineData("--mix limit=50,swap=50", "--mix: unknown kind 'swap'")]
    [InlineData("--mix limit=lots", "--mix: 'limit=lots' needs a whole percentage")]
    [InlineData("--seed 1.5", "--seed: '1.5' must be a whole number")]
    [InlineData("--reuse /nonexistent/px-load/state.json", "--reuse: /nonexistent/px-load/state.json does not exist")]
    [InlineData("--frobnicate", "--frobnicate")]
    public async Task A_bad_option_exits_2_and_names_it(string line, string message)
    {
        var (exit, output) = await RunAsync($"{line} --server {Nowhere} --admin-key-file {_adminKey}");

        Assert.Equal(LoadApp.Usage, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task A_missing_admin_key_file_exits_2_and_says_where_it_looked()
    {
        var missing = Path.Combine(_folder, "nope", "admin.key");

        var (exit, output) = await RunAsync($"--server {Nowhere} --admin-key-file {missing}");

        Assert.Equal(LoadApp.Usage, exit);
        Assert.Contains($"--admin-key-file: {missing} does not exist", output, StringComparison.Ordinal);
        Assert.Contains("bash scripts/start.sh", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task A_server_that_is_not_there_exits_1_and_says_how_to_start_one()
    {
        var (exit, output) = await RunAsync($"--server {Nowhere} --admin-key-file {_adminKey} --rate 10 --duration 1s");

        Assert.Equal(LoadApp.Refused, exit);
        Assert.Contains($"cannot reach the exchange at {Nowhere}", output, StringComparison.Ordinal);
        Assert.Contains("Start it with: bash scripts/start.sh", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task A_server_address_that_is_not_a_url_exits_2()
    {
        var (exit, output) = await RunAsync($"--server ftp:/nowhere --admin-key-file {_adminKey}");

        Assert.Equal(LoadApp.Usage, exit);
        Assert.Contains("--server: 'ftp:/nowhere' is not an address like http://127.0.0.1:5080", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_option_and_exits_0()
    {
        var (exit, output) = await RunAsync("--help");

        Assert.Equal(LoadApp.Ok, exit);
        foreach (var option in new[]
        {
            "--rate", "--closed", "--duration", "--warmup", "--drain", "--members", "--pairs", "--mix", "--transport", "--connections", "--seed",
            "--server", "--out", "--admin-key-file", "--reuse", "--pg",
        })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2.5", 2_500)]
    public void Times_read_like_people_write_them(string text, double milliseconds) =>
        Assert.Equal(milliseconds, LoadCommandLine.Time(text, "--duration", allowZero: false).TotalMilliseconds);

    [Fact]
    public void The_mix_parses_and_prints_back_and_kinds_left_out_are_zero()
    {
        var mix = OrderMix.Parse("limit=60, cross=40");

        Assert.Equal(new OrderMix(60, 40, 0, 0, 0), mix);
        Assert.Equal("limit=60,cross=40,cancel=0,replace=0,market=0", mix.ToString());
        Assert.Equal(OrderMix.Default, OrderMix.Parse(OrderMix.Default.ToString()));
        Assert.Equal(100, OrderMix.Kinds.Sum(OrderMix.Default.PercentOf));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Exit, string Output)> RunAsync(string line)
    {
        var output = new StringWriter();
        var exit = await LoadApp.RunAsync(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), output);
        return (exit, output.ToString());
    }

    private static void AssertNoStackTrace(string output)
    {
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }
}
