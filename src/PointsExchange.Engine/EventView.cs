using PointsExchange.Matching;

namespace PointsExchange.Engine;

/// <summary>The events of one command, read in place from the arena. Valid only while its slot is in flight.</summary>
public readonly struct EventView(EventArena arena, long start, int count)
{
    public int Count => count;

    public ref readonly MatchEvent this[int i] => ref arena[start + i];

    public MatchEvent[] ToArray()
    {
        var copy = new MatchEvent[count];
        for (var i = 0; i < count; i++)
        {
            copy[i] = arena[start + i];
        }

        return copy;
    }
}
