using System.CommandLine;

namespace PointsExchange.Cli;

/// <summary>
/// Options every command takes. The server and key fall back to PX_SERVER and PX_API_KEY in
/// <see cref="Settings"/>, not through a default value here: help prints default values, and the key must never
/// appear anywhere.
/// </summary>
internal sealed class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"the exchange's gRPC address (else PX_SERVER, else {DefaultServer})",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key", "--api-key")
    {
        Description = "your API key (else PX_API_KEY), sent as a bearer token and never printed",
        HelpName = "key",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "print the responses as JSON (proto field names) and nothing else on stdout",
        Recursive = true,
    };

    public Option<double> Timeout { get; } = CreateTimeout();

    public IEnumerable<Option> All => [Server, Key, Json, Timeout];

    private static Option<double> CreateTimeout()
    {
        var timeout = new Option<double>("--timeout")
        {
            Description = "seconds to wait for each answer",
            HelpName = "seconds",
            Recursive = true,
            DefaultValueFactory = _ => 10,
        };
        timeout.Validators.Add(result =>
        {
            var seconds = result.GetValueOrDefault<double>();
            if (!(seconds > 0 && seconds <= 86_400))
            {
                result.AddError("--timeout: give a number of seconds between 0 and 86400, e.g. --timeout 5");
            }
        });
        return timeout;
    }
}
