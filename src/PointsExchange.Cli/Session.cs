using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PointsExchange.Cli;

/// <summary>One command's connection to the server and its output: a table for people, JSON with --json.</summary>
internal sealed class Session : IDisposable
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private readonly Io _io;
    private readonly string? _key;
    private readonly int _timeout;

    public Session(ParseResult parse, Io io)
    {
        _io = io;
        Server = parse.GetValue(GlobalOptions.Server) ?? GlobalOptions.DefaultServer;
        io.Server = Server;
        _key = parse.GetValue(GlobalOptions.Key);
        Json = parse.GetValue(GlobalOptions.Json);
        _timeout = parse.GetValue(GlobalOptions.Timeout);
        if (_timeout <= 0)
        {
            throw new UsageException("--timeout: must be a positive number of seconds");
        }

        if (!Uri.TryCreate(Server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--server: '{Server}' is not an http:// or https:// address");
        }

        Channel = GrpcChannel.ForAddress(uri);
    }

    public string Server { get; }

    public bool Json { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Call options with the deadline and, unless <paramref name="authenticated"/> is false, the key.</summary>
    public CallOptions Call(bool authenticated = true)
    {
        var headers = new Metadata();
        if (authenticated)
        {
            if (string.IsNullOrEmpty(_key))
            {
                throw new UsageException("this command needs an API key: --key KEY or PX_API_KEY");
            }

            headers.Add("authorization", "Bearer " + _key);
        }

        return new CallOptions(headers, DateTime.UtcNow.AddSeconds(_timeout));
    }

    /// <summary>Prints <paramref name="message"/> as JSON with --json, else the human rendering.</summary>
    public void Print(IMessage message, Func<IRenderable> human)
    {
        if (Json)
        {
            _io.Out.WriteLine(Formatter.Format(message));
        }
        else
        {
            _io.Console.Write(human());
        }
    }

    public void Say(string line)
    {
        if (!Json)
        {
            _io.Console.MarkupLineInterpolated($"{line}");
        }
    }

    public static string ToJson(IMessage message) => Formatter.Format(message);

    public void Dispose() => Channel.Dispose();
}
