using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;

namespace PointsExchange.Cli.Tests;

/// <summary>
/// The HTTP handler under px's gRPC channel, standing in for the network: it records each call (path, headers,
/// request bytes) and answers with a canned protobuf message or a gRPC status, framed as gRPC over HTTP/2 would be.
/// </summary>
internal sealed class FakeExchange : HttpMessageHandler
{
    private readonly Dictionary<string, Func<IMessage>> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (StatusCode Code, string Detail)> _failures = new(StringComparer.Ordinal);

    public List<Call> Calls { get; } = [];

    /// <param name="method">"Service/Method", e.g. "Trading/GetBalances".</param>
    public FakeExchange Answer(string method, IMessage response) => Answer(method, () => response);

    public FakeExchange Answer(string method, Func<IMessage> response)
    {
        _answers["/pointsexchange.v1." + method] = response;
        return this;
    }

    public FakeExchange Fail(string method, StatusCode code, string detail)
    {
        _failures["/pointsexchange.v1." + method] = (code, detail);
        return this;
    }

    /// <summary>The request of the only call to <paramref name="method"/>, decoded.</summary>
    public T Request<T>(string method, MessageParser<T> parser)
        where T : IMessage<T> => parser.ParseFrom(Assert.Single(Calls, c => c.Path == "/pointsexchange.v1." + method).Body);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var framed = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var authorization = request.Headers.TryGetValues("authorization", out var values) ? string.Join(",", values) : null;
        lock (Calls)
        {
            Calls.Add(new Call(path, authorization, framed.Length >= 5 ? framed[5..] : []));
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, RequestMessage = request };
        if (_answers.TryGetValue(path, out var answer))
        {
            var body = answer().ToByteArray();
            var frame = new byte[5 + body.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)body.Length);
            body.CopyTo(frame, 5);
            response.Content = new ByteArrayContent(frame);
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            response.TrailingHeaders.Add("grpc-status", "0");
            return response;
        }

        // Trailers-only: the status travels in the headers.
        var (code, detail) = _failures.TryGetValue(path, out var failure) ? failure : (StatusCode.Unimplemented, "no answer for " + path);
        response.Content = new ByteArrayContent([]);
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        response.Headers.Add("grpc-status", ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("grpc-message", Uri.EscapeDataString(detail));
        return response;
    }

    internal sealed record Call(string Path, string? Authorization, byte[] Body);
}
