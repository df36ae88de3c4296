using System.CommandLine;
using Grpc.Core;
using Spectre.Console;

namespace PointsExchange.Cli;

/// <summary>The command tree and the one place where failures become messages and exit codes.</summary>
internal static class PxApp
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("px: trade loyalty points on PointsExchange (see README.md for a walk-through)");
        foreach (var option in GlobalOptions.All)
        {
            root.Options.Add(option);
        }

        var io = new Io(stdout, stderr);
        root.Subcommands.Add(AdminCommands.Build(io));
        root.Subcommands.Add(MerchantCommands.Build(io));
        root.Subcommands.Add(OrderCommands.Build(io));
        foreach (var command in AccountCommands.Build(io).Concat(MarketCommands.Build(io)))
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync("error: " + error.Message);
            }

            return Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    /// <summary>
    /// Runs a command body and turns every expected failure into a message and an exit code. An
    /// UNAVAILABLE raised by the client itself (it carries a debug exception; the server's never does)
    /// means the server could not be reached.
    /// </summary>
    public static async Task<int> Guard(Io io, Func<Task> body)
    {
        try
        {
            await body();
            return Ok;
        }
        catch (UsageException e)
        {
            await io.Err.WriteLineAsync("error: " + e.Message);
            return Usage;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && e.Status.DebugException is not null)
        {
            await io.Err.WriteLineAsync($"error: Unavailable: cannot reach the server at {io.Server} (is it running? start it with: bash scripts/start.sh)");
            return Refused;
        }
        catch (RpcException e)
        {
            await io.Err.WriteLineAsync($"error: {e.StatusCode}: {e.Status.Detail}");
            return Refused;
        }
    }
}

/// <summary>Where a command writes, and with which server it talks.</summary>
internal sealed class Io(TextWriter stdout, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Err { get; } = stderr;

    /// <summary>The server of the command running now (for messages).</summary>
    public string Server { get; set; } = GlobalOptions.DefaultServer;

    public IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(stdout),
        Ansi = stdout == System.Console.Out ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = stdout == System.Console.Out ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
    });
}

/// <summary>A usage mistake the parser cannot see (e.g. a missing price on a market order): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
