using System.CommandLine;
using Grpc.Core;
using Spectre.Console;

namespace PointsExchange.LoadTest;

/// <summary>
/// px-load's entry point, callable in-process (the server tests run it against their own server): parses the
/// command line and turns every failure into one line on stderr and an exit code, never a stack trace.
/// </summary>
public static class LoadApp
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int Usage = 2;

    /// <summary>The run finished and found a problem: unexpected errors, unanswered requests or a failed check.</summary>
    public const int Problems = 3;

    /// <summary>Stopped early by Ctrl-C or SIGTERM (the report is written when the load had started).</summary>
    public const int Interrupted = 130;

    /// <param name="stdout">Progress, the summary and --help. Live progress is drawn only when this is the console's own terminal.</param>
    /// <param name="stderr">Error messages; null: <paramref name="stdout"/>.</param>
    /// <param name="stop">Ctrl-C: stops sending; the answers still due are waited for and the report is written.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter? stderr = null, CancellationToken stop = default)
    {
        stderr ??= stdout;
        var commandLine = new LoadCommandLine();
        var parsed = commandLine.Root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync("error: " + error.Message);
            }

            await stderr.WriteLineAsync("usage: px-load [--rate N | --closed N] [--duration 30s] [options]   (see --help)");
            return Usage;
        }

        int? exitCode = null;
        commandLine.Root.SetAction(async (parse, _) => (exitCode = await RunParsedAsync(commandLine, parse, stdout, stderr, stop)).Value);
        var invoked = await parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = stdout, Error = stderr, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false,
        }, stop);
        return exitCode ?? invoked;
    }

    private static async Task<int> RunParsedAsync(LoadCommandLine commandLine, ParseResult parse, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        try
        {
            var options = commandLine.Resolve(parse, Environment.GetEnvironmentVariable, DateTime.UtcNow);
            return await new LoadRun(options, stdout, LiveConsole(stdout)).RunAsync(stop);
        }
        catch (UsageException e)
        {
            return await FailAsync(stderr, Usage, e.Message);
        }
        catch (SetupException e)
        {
            return await FailAsync(stderr, Refused, e.Message);
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            return await FailAsync(stderr, Interrupted, "interrupted before the load started: nothing was measured");
        }
        catch (RpcException e)
        {
            return await FailAsync(stderr, Refused, $"{e.StatusCode}: {e.Status.Detail}");
        }
#pragma warning disable CA1031 // the last resort of a command-line tool: one line, never a stack trace
        catch (Exception e)
#pragma warning restore CA1031
        {
            return await FailAsync(stderr, Refused, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>A Spectre console for the live view when stdout is this process's terminal; null otherwise (plain lines).</summary>
    private static IAnsiConsole? LiveConsole(TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.Detect, ColorSystem = ColorSystemSupport.Detect })
            : null;

    private static async Task<int> FailAsync(TextWriter stderr, int exitCode, string message)
    {
        await stderr.WriteLineAsync("error: " + message);
        return exitCode;
    }
}
