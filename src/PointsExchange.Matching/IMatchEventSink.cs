namespace PointsExchange.Matching;

/// <summary>
/// Receives a book's events in order. Implement it on a struct and pass it by <c>ref</c>: the book's
/// methods are generic over the sink, so the JIT specialises them and inlines the call; no boxing,
/// no interface dispatch, no allocation.
/// </summary>
public interface IMatchEventSink
{
    void OnEvent(in MatchEvent e);
}
