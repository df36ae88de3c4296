using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PointsExchange.LoadTest;

/// <summary>
/// The options of px-load. Every value arrives as text and is checked in <see cref="Resolve"/>, so a mistake gets a
/// message that names the option and shows a good value, never a parser's type name. Defaults are applied there
/// too, which is how --rate and --closed can tell "given" from "left out".
/// </summary>
internal sealed partial class LoadCommandLine
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    /// <summary>What <c>bash scripts/pg.sh url</c> prints: the private cluster that scripts/start.sh uses.</summary>
    public const string DefaultLedger = "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=pointsexchange";

    public LoadCommandLine()
    {
        Root = new RootCommand("px-load: drive PointsExchange with orders and measure its latency (open loop, coordinated omission corrected)");
        foreach (var option in All)
        {
            Root.Options.Add(option);
        }
    }

    public RootCommand Root { get; }

    public Option<string?> Rate { get; } = Text("--rate", "requests per second on the open-loop schedule (default 1000)", "per-second");

    public Option<string?> Closed { get; } = Text("--closed", "closed loop instead: keep this many requests in flight, for the saturation throughput", "in-flight");

    public Option<string?> Duration { get; } = Text("--duration", "measured time: 30s, 2m, 1m30s, 500ms (default 30s)", "time");

    public Option<string?> Warmup { get; } = Text("--warmup", "time sent at the same rate before measuring; not recorded (default 5s; 0 for none)", "time");

    public Option<string?> Drain { get; } = Text("--drain", "how long to wait for the last answers after sending stops (default 10s)", "time");

    public Option<string?> Members { get; } = Text("--members", "member accounts that trade, one session each over stream (default 20)", "count");

    public Option<string?> Pairs { get; } = Text("--pairs", "pairs to trade on, 1-25 (default 2)", "count");

    public Option<string?> Mix { get; } = Text("--mix", $"order mix in percent (default {OrderMix.Default})", "kind=percent,...");

    public Option<string?> TransportOption { get; } = Text("--transport", "stream (StreamOrderEntry sessions, the default) or unary (one call per request)", "stream|unary");

    public Option<string?> Connections { get; } = Text("--connections", "HTTP/2 connections (gRPC channels); sessions and calls are spread over them (default 2)", "count");

    public Option<string?> Seed { get; } = Text("--seed", "seed of the request sequence: members, pairs, kinds, sides, prices, quantities (default 42)", "number");

    public Option<string?> Server { get; } = Text("--server", $"the exchange's gRPC address (else PX_SERVER, else {DefaultServer})", "url");

    public Option<string?> Out { get; } = Text("--out", "folder for the report (default .data/load/<UTC timestamp>/)", "folder");

    public Option<string?> AdminKeyFile { get; } = Text("--admin-key-file", "the operator's key, to create the load's accounts, currencies and pairs (default .data/admin.key)", "file");

    public Option<string?> Reuse { get; } = new("--reuse")
    {
        Description = "use the accounts, currencies and pairs of an earlier run: its state.json or folder (default: the newest under .data/load/)",
        HelpName = "state",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string?> Ledger { get; } = Text("--pg", "the ledger's PostgreSQL connection string, for the checks after the run (else PX_PG, else scripts/pg.sh's cluster)", "connection-string");

    public IEnumerable<Option> All =>
        [Rate, Closed, Duration, Warmup, Drain, Members, Pairs, Mix, TransportOption, Connections, Seed, Server, Out, AdminKeyFile, Reuse, Ledger];

    /// <summary>Checks every value and applies the defaults; throws <see cref="UsageException"/> naming the option.</summary>
    public LoadOptions Resolve(ParseResult parse, Func<string, string?> environment, DateTime utcNow)
    {
        var closed = parse.GetValue(Closed) is { } closedText ? Whole(closedText, "--closed", 1, 100_000, "--closed 64") : (int?)null;
        if (closed is not null && parse.GetValue(Rate) is not null)
        {
            throw new UsageException("--rate and --closed exclude each other: open loop at a rate, or closed loop with a number in flight");
        }

        var rate = closed is null ? Number(parse.GetValue(Rate) ?? "1000", "--rate", 1_000_000, "--rate 2000") : 0;
        var transport = (parse.GetValue(TransportOption) ?? "stream").Trim().ToLowerInvariant() switch
        {
            "stream" => Transport.Stream,
            "unary" => Transport.Unary,
            var other => throw new UsageException($"--transport: '{other}' is not a transport; use stream (StreamOrderEntry sessions) or unary"),
        };

        var (server, from) = parse.GetValue(Server) is { Length: > 0 } flag
            ? (flag, "--server")
            : environment("PX_SERVER") is { Length: > 0 } variable ? (variable, "PX_SERVER") : (DefaultServer, "the default");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"{from}: '{server}' is not an address like {DefaultServer}");
        }

        var adminKeyFile = parse.GetValue(AdminKeyFile) is { Length: > 0 } keyFile ? Path.GetFullPath(keyFile) : Paths.DefaultAdminKeyFile;
        if (!File.Exists(adminKeyFile))
        {
            throw new UsageException($"--admin-key-file: {Paths.Show(adminKeyFile)} does not exist. The server writes it on its first start " +
                "(bash scripts/start.sh); for another server give --admin-key-file PATH");
        }

        return new LoadOptions
        {
            Server = uri,
            Rate = rate,
            ClosedInFlight = closed,
            Duration = Time(parse.GetValue(Duration) ?? "30s", "--duration", allowZero: false),
            Warmup = Time(parse.GetValue(Warmup) ?? "5s", "--warmup", allowZero: true),
            Drain = Time(parse.GetValue(Drain) ?? "10s", "--drain", allowZero: true),
            Members = Whole(parse.GetValue(Members) ?? "20", "--members", 1, 10_000, "--members 20"),
            Pairs = Whole(parse.GetValue(Pairs) ?? "2", "--pairs", 1, Provisioner.MaxPairs, "--pairs 2"),
            Connections = Whole(parse.GetValue(Connections) ?? "2", "--connections", 1, 256, "--connections 2"),
            Mix = parse.GetValue(Mix) is { } mix ? OrderMix.Parse(mix) : OrderMix.Default,
            Transport = transport,
            Seed = Whole(parse.GetValue(Seed) ?? "42", "--seed", int.MinValue, int.MaxValue, "--seed 7"),
            OutputDirectory = Path.GetFullPath(parse.GetValue(Out) is { Length: > 0 } output ? output : Paths.DefaultOutput(utcNow)),
            AdminKeyFile = adminKeyFile,
            ReuseStateFile = parse.GetResult(Reuse) is null ? null : LoadState.Locate(parse.GetValue(Reuse)),
            Ledger = parse.GetValue(Ledger) is { Length: > 0 } pg ? pg : environment("PX_PG") is { Length: > 0 } env ? env : DefaultLedger,
        };
    }

    /// <summary>A time: 30s, 2m, 1m30s, 1h, 250ms, or a plain number of seconds.</summary>
    public static TimeSpan Time(string text, string option, bool allowZero)
    {
        var value = text.Trim().ToLowerInvariant();
        TimeSpan time;
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            time = TimeSpan.FromSeconds(seconds);
        }
        else if (TimePattern().Match(value) is { Success: true } match)
        {
            time = TimeSpan.Zero;
            foreach (Capture part in match.Groups["part"].Captures)
            {
                var unit = part.Value.TrimStart("0123456789.".ToCharArray());
                var amount = double.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
                time += unit switch
                {
                    "ms" => TimeSpan.FromMilliseconds(amount),
                    "s" => TimeSpan.FromSeconds(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromHours(amount),
                };
            }
        }
        else
        {
            throw new UsageException($"{option}: '{text}' is not a time; write it like 30s, 2m, 1m30s or 500ms");
        }

        if ((allowZero ? time < TimeSpan.Zero : time <= TimeSpan.Zero) || time > TimeSpan.FromDays(1))
        {
            throw new UsageException($"{option}: '{text}' must be {(allowZero ? "0 or more" : "more than 0")} and at most a day, e.g. {option} 30s");
        }

        return time;
    }

    private static double Number(string text, string option, double max, string example) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value > 0 && value <= max && double.IsFinite(value)
            ? value
            : throw new UsageException($"--{option.TrimStart('-')}: '{text}' must be a number above 0 and at most {max:N0}, e.g. {example}");

    private static int Whole(string text, string option, int min, int max, string example) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{option}: '{text}' must be a whole number from {min:N0} to {max:N0}, e.g. {example}");

    private static Option<string?> Text(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName };

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h))+$")]
    private static partial Regex TimePattern();
}
