using PointsExchange.Matching;

namespace PointsExchange.Testing;

public static class OrderBookExtensions
{
    /// <summary>Runs one command and returns its events.</summary>
    public static List<MatchEvent> Run(this OrderBook book, in OrderCommand command)
    {
        var sink = new RecordingSink([]);
        book.Execute(in command, ref sink);
        return sink.Events;
    }

    public static IReadOnlyList<DepthLevel> Depth(this OrderBook book, Side side, int levels = 1000)
    {
        var buffer = new DepthLevel[levels];
        return buffer.AsSpan(0, book.GetDepth(side, buffer)).ToArray();
    }
}
