using System.CommandLine;

namespace PointsExchange.Cli;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public static readonly Option<string> Server = new("--server")
    {
        Description = "server address (env PX_SERVER)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PX_SERVER") is { Length: > 0 } s ? s : DefaultServer,
    };

    public static readonly Option<string?> Key = new("--key")
    {
        Description = "API key (env PX_API_KEY)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PX_API_KEY"),
    };

    public static readonly Option<bool> Json = new("--json") { Description = "print JSON for scripts", Recursive = true };

    public static readonly Option<int> Timeout = new("--timeout")
    {
        Description = "seconds to wait for an answer",
        Recursive = true,
        DefaultValueFactory = _ => 10,
    };

    public static IEnumerable<Option> All => [Server, Key, Json, Timeout];
}
