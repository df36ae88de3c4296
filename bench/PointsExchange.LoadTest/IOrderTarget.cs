namespace PointsExchange.LoadTest;

/// <summary>
/// Where requests go: a transport to the exchange, or a synthetic target in the tests. Answers come back later,
/// on any thread, to the <see cref="IAnswerSink"/> the target was made with.
/// </summary>
internal interface IOrderTarget : IAsyncDisposable
{
    /// <summary>
    /// Hands one request over and sets its <see cref="LoadRequest.SentAt"/>. Returns once it is on its way; it may
    /// wait when the exchange pushes back, and the open-loop schedule then falls behind (and says so in the latency).
    /// </summary>
    ValueTask SendAsync(LoadRequest request, CancellationToken cancel);
}
