using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Grpc.Core;
using Spectre.Console;

namespace PointsExchange.Cli;

/// <summary>The command tree, and the one place where failures become messages and exit codes.</summary>
internal sealed class PxApp
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int Usage = 2;
    public const int Interrupted = 130;

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly Func<string, string?> _environment;
    private readonly HttpMessageHandler? _handler;
    private readonly IAnsiConsole _console;

    /// <param name="environment">Reads PX_SERVER and PX_API_KEY (tests pass their own).</param>
    /// <param name="handler">The HTTP handler under the gRPC channel; null for the real one.</param>
    public PxApp(TextWriter stdout, TextWriter stderr, Func<string, string?> environment, HttpMessageHandler? handler = null)
    {
        _stdout = stdout;
        _stderr = stderr;
        _environment = environment;
        _handler = handler;
        var terminal = ReferenceEquals(stdout, System.Console.Out);
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        Root = new RootCommand("px: trade loyalty points on PointsExchange");
        foreach (var option in Options.All)
        {
            Root.Options.Add(option);
        }

        Root.Subcommands.Add(AdminCommands.Build(this));
        Root.Subcommands.Add(MerchantCommands.Build(this));
        Root.Subcommands.Add(OrderCommands.Build(this));
        foreach (var command in AccountCommands.Build(this).Concat(MarketCommands.Build(this)))
        {
            Root.Subcommands.Add(command);
        }
    }

    public GlobalOptions Options { get; } = new();

    public RootCommand Root { get; }

    /// <summary>Parses and runs one command line; returns the exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel = default)
    {
        var parsed = Root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            var command = parsed.CommandResult.Command;
            foreach (var error in parsed.Errors)
            {
                await _stderr.WriteLineAsync("error: " + Redact(Explain(error, parsed.CommandResult), parsed));
            }

            await _stderr.WriteLineAsync($"usage: {CommandPath(command)}{string.Concat(command.Arguments.Select(a => $" <{a.Name}>"))}" +
                $"{(command.Options.Count > 0 ? " [options]" : "")}   (see --help)");
            return Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = _stdout, Error = _stderr }, cancel);
    }

    /// <summary>Runs a command's body and turns every failure into one line on stderr and an exit code; no stack traces.</summary>
    internal async Task<int> RunCommandAsync(ParseResult parse, CancellationToken cancel, Func<CommandContext, Task> body)
    {
        var server = GlobalOptions.DefaultServer;
        try
        {
            var settings = Settings.Resolve(parse, Options, _environment);
            server = settings.Address;
            using var connection = new Connection(settings, _handler, cancel);
            await body(new CommandContext(parse, connection, new Output(_stdout, _stderr, _console, settings.Json), cancel));
            return Ok;
        }
        catch (UsageException e)
        {
            return await FailAsync(parse, Usage, e.Message);
        }
        catch (Exception e) when (cancel.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            return await FailAsync(parse, Interrupted, "interrupted");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && e.Status.DebugException is { } cause)
        {
            // A client-side cause means no answer came back (refused, unknown host, reset); the server's own
            // UNAVAILABLE ("ledger unreachable, not applied") arrives in trailers and has none.
            return await FailAsync(parse, Refused,
                $"cannot reach the exchange at {server} ({Innermost(cause).Message.TrimEnd('.')}). Is it running? Start it with: bash scripts/start.sh");
        }
        catch (RpcException e)
        {
            var hint = e.StatusCode == StatusCode.DeadlineExceeded ? $" (no answer within --timeout {parse.GetValue(Options.Timeout)}s)" : "";
            return await FailAsync(parse, Refused, $"{e.StatusCode}: {e.Status.Detail}{hint}");
        }
#pragma warning disable CA1031 // the last resort of a command-line tool: one line, never a stack trace
        catch (Exception e)
#pragma warning restore CA1031
        {
            return await FailAsync(parse, Refused, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The parser's "Required argument missing for command" does not say which: name the missing ones.</summary>
    private static string Explain(ParseError error, CommandResult result)
    {
        if (!error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            return error.Message;
        }

        var missing = error.SymbolResult is ArgumentResult one
            ? [one.Argument]
            : result.Command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && (result.GetResult(a) is not { } r || r.Tokens.Count == 0)).ToList();
        return missing.Count == 0 ? error.Message : $"{string.Join(", ", missing.Select(a => $"<{a.Name}>"))}: missing";
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "px" : c.Name);
        }

        return string.Join(' ', names);
    }

    private async Task<int> FailAsync(ParseResult parse, int exitCode, string message)
    {
        await _stderr.WriteLineAsync("error: " + Redact(message, parse));
        return exitCode;
    }

    /// <summary>The key must never be printed, even where a library quotes what it was given.</summary>
    private string Redact(string message, ParseResult parse)
    {
        // Raw tokens rather than GetValue: this also runs when the line did not parse.
        var secrets = (parse.GetResult(Options.Key)?.Tokens.Select(t => t.Value) ?? []).Append(_environment("PX_API_KEY"));
        foreach (var secret in secrets)
        {
            // Real keys are long and random; replacing a one-letter test key everywhere would only garble the message.
            if (secret is { Length: >= 4 })
            {
                message = message.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }
}
