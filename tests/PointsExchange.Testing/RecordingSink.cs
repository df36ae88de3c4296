using PointsExchange.Matching;

namespace PointsExchange.Testing;

/// <summary>A sink that keeps every event in a list: for tests, where allocation does not matter.</summary>
public readonly struct RecordingSink(List<MatchEvent> events) : IMatchEventSink
{
    public List<MatchEvent> Events { get; } = events;

    public void OnEvent(in MatchEvent e) => Events.Add(e);
}
