using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace PointsExchange.Cli;

/// <summary>Small helpers to declare commands tersely.</summary>
internal static class Commands
{
    /// <summary>A command whose body runs inside <see cref="PxApp.RunCommandAsync"/>: every failure becomes a message and an exit code.</summary>
    public static Command Make(string name, string description, PxApp app, Func<CommandContext, Task> body, params Symbol[] parts)
    {
        var command = new Command(name, description);
        foreach (var part in parts)
        {
            switch (part)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    throw new ArgumentException($"{part.Name} is neither an argument nor an option", nameof(parts));
            }
        }

        command.SetAction((parse, cancel) => app.RunCommandAsync(parse, cancel, body));
        return command;
    }

    public static Command Group(string name, string description, params IEnumerable<Command> children)
    {
        var group = new Command(name, description);
        foreach (var child in children)
        {
            group.Subcommands.Add(child);
        }

        return group;
    }

    public static Option<T> Opt<T>(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required, HelpName = HelpName<T>(name), CustomParser = WholeNumber<T>(name) };

    public static Option<T> Opt<T>(string name, string description, T defaultValue) => new(name)
    {
        Description = description, DefaultValueFactory = _ => defaultValue, HelpName = HelpName<T>(name), CustomParser = WholeNumber<T>(name),
    };

    public static Argument<T> Arg<T>(string name, string description) =>
        new(name) { Description = description, CustomParser = WholeNumber<T>(name) };

    public static Argument<T> OptionalArg<T>(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ZeroOrOne, CustomParser = WholeNumber<T>(name) };

    /// <summary>
    /// Points, lots, prices and ids are integers: "--price: '121.5' is not a whole number" rather than the parser's
    /// "expected type 'System.Nullable`1[System.Int64]'". Null (the default parser) for other types.
    /// </summary>
    private static Func<ArgumentResult, T?>? WholeNumber<T>(string name)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type != typeof(long) && type != typeof(int))
        {
            return null;
        }

        return result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && (type == typeof(long) || value is >= int.MinValue and <= int.MaxValue))
            {
                return type == typeof(long) ? (T)(object)value : (T)(object)(int)value;
            }

            result.AddError($"{name}: '{token}' is not a whole number (points, lots and prices are integers)");
            return default;
        };
    }

    /// <summary>A flag (bool) takes no value, so shows none; others show their name: --page-size &lt;page-size&gt;.</summary>
    private static string? HelpName<T>(string name) => typeof(T) == typeof(bool) ? null : name.TrimStart('-');
}
