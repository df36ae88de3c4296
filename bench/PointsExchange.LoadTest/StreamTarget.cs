namespace PointsExchange.LoadTest;

/// <summary>One StreamOrderEntry session per member, the sessions spread over the connections round robin.</summary>
internal sealed class StreamTarget : IOrderTarget
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(10);
    private readonly StreamSession[] _sessions;

    public StreamTarget(ExchangeConnection exchange, IReadOnlyList<MemberState> members, IAnswerSink sink) =>
        _sessions = [.. members.Select((member, i) => new StreamSession(exchange.Channels[i % exchange.Channels.Count], member.ApiKey, sink))];

    public ValueTask SendAsync(LoadRequest request, CancellationToken cancel) => _sessions[request.Member].SendAsync(request, cancel);

    public async ValueTask DisposeAsync() => await Task.WhenAll(_sessions.Select(s => s.CloseAsync(CloseWait)));
}
