using PointsExchange.Engine;
using PointsExchange.Matching;

namespace PointsExchange.Grains;

/// <summary>Reads a book's top levels on the match thread; awaited like any completion.</summary>
internal sealed class DepthQuery(int levels) : IBookQuery
{
    private readonly TaskCompletionSource<DepthSnapshot> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DepthSnapshot? _snapshot;

    public Task<DepthSnapshot> Task => _done.Task;

    public void Capture(PairBook pair)
    {
        var buffer = new DepthLevel[levels];
        DepthEntry[] Side(Side side) =>
            buffer.AsSpan(0, pair.Book.GetDepth(side, buffer)).ToArray().Select(l => new DepthEntry(l.Price, l.Quantity, l.OrderCount)).ToArray();
        _snapshot = new DepthSnapshot { Sequence = pair.Sequence, Bids = Side(Matching.Side.Buy), Asks = Side(Matching.Side.Sell), Halted = pair.Halted };
    }

    public void OnCompleted(in EngineSlot slot, EventView events)
    {
        if (_snapshot is not null && slot.Status == CommandStatus.Queried)
        {
            _done.TrySetResult(_snapshot);
        }
        else
        {
            _done.TrySetException(new InvalidOperationException($"the book could not be read: {slot.Status}"));
        }
    }
}
