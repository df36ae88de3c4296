namespace PointsExchange.Cli.Tests;

/// <summary>Runs px in-process with its own stdout, stderr and environment, as a shell would.</summary>
internal static class Px
{
    public const string Secret = "px_live_k3y_that_must_never_be_printed";

    public static async Task<Result> RunAsync(string line, FakeExchange? exchange = null, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancel = default) =>
        await RunAsync(Split(line), exchange, environment, cancel);

    public static async Task<Result> RunAsync(string[] args, FakeExchange? exchange = null, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancel = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var app = new PxApp(stdout, stderr, name => environment?.GetValueOrDefault(name), exchange);
        var exit = await app.RunAsync(args, cancel);
        return new Result(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Splits on spaces, keeping "quoted words" together.</summary>
    private static string[] Split(string line)
    {
        var words = new List<string>();
        var quoted = line.Split('"');
        for (var i = 0; i < quoted.Length; i++)
        {
            if (i % 2 == 1)
            {
                words.Add(quoted[i]);
            }
            else
            {
                words.AddRange(quoted[i].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return [.. words];
    }

    internal sealed record Result(int Exit, string Out, string Err);
}
