using System.CommandLine;

namespace PointsExchange.Cli;

/// <summary>Small helpers to declare commands tersely.</summary>
internal static class Commands
{
    public static Command Make(string name, string description, Io io, Func<ParseResult, Session, Task> body, params Symbol[] parts)
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
            }
        }

        command.SetAction((parse, _) => PxApp.Guard(io, async () =>
        {
            using var session = new Session(parse, io);
            await body(parse, session);
        }));
        return command;
    }

    public static Command Group(string name, string description, params Command[] children)
    {
        var group = new Command(name, description);
        foreach (var child in children)
        {
            group.Subcommands.Add(child);
        }

        return group;
    }

    public static Option<T> Opt<T>(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required };

    public static Option<T> Opt<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    public static Argument<T> Arg<T>(string name, string description) => new(name) { Description = description };

    public static Argument<T> OptionalArg<T>(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ZeroOrOne };
}
