using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PointsExchange.Cli;

/// <summary>
/// Where a command's answer goes: a compact table for people, or with --json the response itself, formatted by
/// Google.Protobuf with the proto field names and default values, and nothing else on stdout (notes go to stderr).
/// </summary>
internal sealed class Output(TextWriter stdout, TextWriter stderr, IAnsiConsole console, bool json)
{
    private static readonly JsonFormatter.Settings Base = JsonFormatter.Settings.Default
        .WithFormatDefaultValues(true)
        .WithPreserveProtoFieldNames(true);

    private static readonly JsonFormatter Indented = new(Base.WithIndentation("  "));
    private static readonly JsonFormatter Compact = new(Base);

    public bool Json { get; } = json;

    public IAnsiConsole Console { get; } = console;

    /// <summary>A response as JSON, indented, or as one line (JSON Lines, for --watch).</summary>
    public static string ToJson(IMessage message, bool indented = true) =>
        (indented ? Indented : Compact).Format(message);

    /// <summary>Several responses of one kind as one JSON array.</summary>
    public static string ToJsonArray(IEnumerable<IMessage> messages) =>
        "[" + string.Join(",", messages.Select(m => Environment.NewLine + ToJson(m))) + Environment.NewLine + "]";

    public void Show(IMessage message, Func<IRenderable> human)
    {
        if (Json)
        {
            stdout.WriteLine(ToJson(message));
        }
        else
        {
            Console.Write(human());
        }
    }

    public void ShowAll(IReadOnlyCollection<IMessage> messages, Func<IRenderable> human)
    {
        if (Json)
        {
            stdout.WriteLine(ToJsonArray(messages));
        }
        else
        {
            Console.Write(human());
        }
    }

    /// <summary>One compact JSON line: a snapshot of something being watched.</summary>
    public void ShowLine(IMessage message) => stdout.WriteLine(ToJson(message, indented: false));

    /// <summary>A line for people (Spectre markup): on stdout with tables, on stderr with --json.</summary>
    public void Note(string markup)
    {
        if (Json)
        {
            stderr.WriteLine(Markup.Remove(markup));
        }
        else
        {
            Console.MarkupLine(markup);
        }
    }
}
