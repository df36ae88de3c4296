using PointsExchange.Contracts.V1;

namespace PointsExchange.LoadTest;

/// <summary>Receives each request's answer exactly once, on whichever thread it arrives.</summary>
internal interface IAnswerSink
{
    void OnAnswer(LoadRequest request, Answer answer);

    /// <summary>A report whose client_order_id matches no request in flight: always an unexpected error.</summary>
    void OnUnmatched(ExecutionReport report);
}
