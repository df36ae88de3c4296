using System.Diagnostics;

namespace PointsExchange.LoadTest.Tests;

/// <summary>
/// A synthetic exchange in the process: it answers each request about a millisecond after it is sent, except that
/// sending request number <see cref="StallAt"/> blocks for <see cref="Stall"/>, as a connection does when the
/// server stops reading. Every request is kept, with its answer time, for the test to look at.
/// </summary>
internal sealed class StallingTarget(IAnswerSink sink, long stallAt, TimeSpan stall) : IOrderTarget
{
    private readonly List<(LoadRequest Request, long AnsweredAt)> _answered = [];
    private long _sent;

    public long StallAt { get; } = stallAt;

    public TimeSpan Stall { get; } = stall;

    public IReadOnlyList<(LoadRequest Request, long AnsweredAt)> Answered
    {
        get
        {
            lock (_answered)
            {
                return [.. _answered];
            }
        }
    }

    public async ValueTask SendAsync(LoadRequest request, CancellationToken cancel)
    {
        if (++_sent == StallAt)
        {
            await Task.Delay(Stall, cancel);
        }

        request.SentAt = Stopwatch.GetTimestamp();
        _ = AnswerAsync(request);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task AnswerAsync(LoadRequest request)
    {
        await Task.Delay(1);
        var order = new Order { OrderId = request.Sequence, Status = OrderStatus.New };
        lock (_answered)
        {
            _answered.Add((request, Stopwatch.GetTimestamp()));
        }

        sink.OnAnswer(request, Answer.FromOrder(order, 0));
    }
}
