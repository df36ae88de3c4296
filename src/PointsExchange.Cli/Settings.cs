using System.CommandLine;

namespace PointsExchange.Cli;

/// <summary>Where to connect and as whom, after flags and environment variables have been weighed.</summary>
internal sealed record Settings(Uri Server, string? ApiKey, TimeSpan Timeout, bool Json)
{
    /// <summary>A flag wins over its environment variable; an empty value counts as absent.</summary>
    public static Settings Resolve(ParseResult parse, GlobalOptions options, Func<string, string?> environment)
    {
        var (server, from) = parse.GetValue(options.Server) is { Length: > 0 } flag
            ? (flag, "--server")
            : environment("PX_SERVER") is { Length: > 0 } variable ? (variable, "PX_SERVER") : (GlobalOptions.DefaultServer, "the default");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"{from}: '{server}' is not an address like {GlobalOptions.DefaultServer}");
        }

        var key = parse.GetValue(options.Key) is { Length: > 0 } k ? k : environment("PX_API_KEY") is { Length: > 0 } e ? e : null;
        return new Settings(uri, key, TimeSpan.FromSeconds(parse.GetValue(options.Timeout)), parse.GetValue(options.Json));
    }

    /// <summary>The address as people typed it, without the trailing slash Uri adds.</summary>
    public string Address => Server.GetLeftPart(UriPartial.Authority);

    // The key stays out of logs and exception messages that print a record.
    public override string ToString() => $"Settings {{ Server = {Address}, Timeout = {Timeout}, Json = {Json} }}";
}
