using PointsExchange.Sequencing;

namespace PointsExchange.Engine;

/// <summary>
/// A stage that works on runs of slots rather than one slot at a time: it collects the slots of a
/// ring batch and processes them as ranges of at most <c>maxBatch</c>, so a durable write, a market data
/// fan-out or a round of completions covers many commands at once.
/// </summary>
internal abstract class RangeStage(int maxBatch) : IEventHandler<EngineSlot>
{
    private long _first = -1;

    public void OnEvent(ref EngineSlot slot, long sequence, bool endOfBatch)
    {
        if (_first < 0)
        {
            _first = sequence;
        }

        if (endOfBatch || sequence - _first + 1 >= maxBatch)
        {
            Process(_first, sequence);
            _first = -1;
        }
    }

    /// <summary>Handles slots <paramref name="first"/> to <paramref name="last"/>, inclusive.</summary>
    public abstract void Process(long first, long last);
}
