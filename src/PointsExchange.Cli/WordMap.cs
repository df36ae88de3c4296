using System.CommandLine;
using System.CommandLine.Parsing;

namespace PointsExchange.Cli;

/// <summary>
/// The words people type for one of the contract's enums (<c>buy</c>, <c>gtc</c>, <c>expire-maker</c>), both ways:
/// parsing them while the command line is parsed, so a wrong word is a usage error naming its option, and
/// naming a value back in tables.
/// </summary>
internal sealed class WordMap<T>
    where T : struct, Enum
{
    private readonly (string Word, T Value)[] _words;

    public WordMap(params (string Word, T Value)[] words) => _words = words;

    /// <summary>The accepted words, for help and error messages: "buy or sell".</summary>
    public string Choices => _words.Length == 1
        ? _words[0].Word
        : string.Join(", ", _words[..^1].Select(w => w.Word)) + " or " + _words[^1].Word;

    /// <summary>Case-insensitive; <c>expire_maker</c> is read as <c>expire-maker</c>.</summary>
    public bool TryParse(string word, out T value)
    {
        var normal = word.Trim().ToLowerInvariant().Replace('_', '-');
        foreach (var (known, v) in _words)
        {
            if (known == normal)
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The word for <paramref name="value"/>; for a value without one (UNSPECIFIED, a newer server's), its number.</summary>
    public string Name(T value)
    {
        foreach (var (word, v) in _words)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return word;
            }
        }

        return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0 ? "-" : value.ToString();
    }

    /// <summary>An optional option (null when absent) whose bad word fails the parse, naming the option.</summary>
    public Option<T?> Option(string name, string description) => new(name)
    {
        Description = $"{description}: {Choices}",
        HelpName = "word",
        CustomParser = result => Parse(result, name),
    };

    /// <summary>A required argument whose bad word fails the parse, naming the argument.</summary>
    public Argument<T> Argument(string name, string description) => new(name)
    {
        Description = $"{description}: {Choices}",
        HelpName = name,
        CustomParser = result => Parse(result, name) ?? default,
    };

    private T? Parse(ArgumentResult result, string name)
    {
        var word = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (TryParse(word, out var value))
        {
            return value;
        }

        result.AddError($"{name}: '{word}' is not {Choices}");
        return null;
    }
}
