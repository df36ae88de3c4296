using System.CommandLine;

namespace PointsExchange.Cli;

/// <summary>What a command's body works with: its parsed line, the exchange, the output and Ctrl-C.</summary>
internal sealed class CommandContext(ParseResult parse, Connection exchange, Output output, CancellationToken cancel)
{
    public Connection Exchange { get; } = exchange;

    public Output Out { get; } = output;

    public CancellationToken Cancel { get; } = cancel;

    public T Get<T>(Option<T> option) => parse.GetValue(option)!;

    public T Get<T>(Argument<T> argument) => parse.GetValue(argument)!;

    /// <summary>A symbol or currency code as the contract spells it: upper case.</summary>
    public string Code(Argument<string> argument) => Get(argument).Trim().ToUpperInvariant();

    public string Code(Option<string> option) => Get(option).Trim().ToUpperInvariant();
}
