using System.Diagnostics;

namespace PointsExchange.LoadTest.Tests;

/// <summary>Records every answer into a <see cref="LatencyRecorder"/>, as the run does.</summary>
internal sealed class RecordingSink(LatencyRecorder recorder) : IAnswerSink
{
    private int _answers;

    public int Answers => Volatile.Read(ref _answers);

    public void OnAnswer(LoadRequest request, Answer answer)
    {
        if (request.TryAnswer())
        {
            recorder.Record(request.Intended, request.SentAt, Stopwatch.GetTimestamp(), !answer.Accepted, request.Kind);
            Interlocked.Increment(ref _answers);
        }
    }

    public void OnUnmatched(ExecutionReport report) => throw new InvalidOperationException("the synthetic target answers every request");
}
