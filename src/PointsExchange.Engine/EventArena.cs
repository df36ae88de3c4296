using PointsExchange.Matching;

namespace PointsExchange.Engine;

/// <summary>
/// The events of commands in flight, in one circular array addressed by a running event number. The
/// match stage appends (one writer); commit, publish and complete read the ranges their slots point to;
/// the complete stage releases what it has passed. A slot holds only (start, count), so a command may
/// produce any number of events without the ring slot growing.
/// </summary>
/// <remarks>
/// <para>When a burst outruns what has been released, the arena doubles instead of waiting: waiting could
/// deadlock, because the match stage publishes its progress (and so lets the complete stage release)
/// only at the end of its batch. Growth copies the live range into the new array and then publishes the
/// new array with a release store; an event is published to readers only later, by the match stage's
/// sequence, so a reader always reaches it through the new array. Old arrays stay valid for readers that
/// still hold them (same contents for the live range) until the GC takes them. Steady state: no allocation.</para>
/// </remarks>
public sealed class EventArena
{
    // Writer: the match stage (grow). Readers: every stage, Volatile.Read per access (see remarks).
    private MatchEvent[] _events;

    // Next event number to write. Writer and reader: the match stage only (plain field).
    private long _cursor;

    // Every event below this number may be overwritten. Writer: the complete stage (release store).
    // Reader: the match stage when it needs room (acquire load).
    private long _released;

    public EventArena(int initialCapacity = 1 << 16)
    {
        if (initialCapacity < 1 || (initialCapacity & (initialCapacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(initialCapacity), initialCapacity, "a power of two");
        }

        _events = new MatchEvent[initialCapacity];
    }

    /// <summary>The number the next event will get. Match stage only.</summary>
    public long Cursor => _cursor;

    public int Capacity => Volatile.Read(ref _events).Length;

    /// <summary>Appends one event. Match stage only.</summary>
    public void Append(in MatchEvent e)
    {
        var events = _events;
        if (_cursor - Volatile.Read(ref _released) >= events.Length)
        {
            events = Grow();
        }

        events[(int)(_cursor & (events.Length - 1))] = e;
        _cursor++;
    }

    /// <summary>Event number <paramref name="index"/>; valid from its slot's publication until its release.</summary>
    public ref readonly MatchEvent this[long index]
    {
        get
        {
            var events = Volatile.Read(ref _events);
            return ref events[(int)(index & (events.Length - 1))];
        }
    }

    /// <summary>Lets the match stage overwrite every event below <paramref name="upTo"/>. Complete stage only.</summary>
    public void Release(long upTo) => Volatile.Write(ref _released, upTo);

    private MatchEvent[] Grow()
    {
        var old = _events;
        var grown = new MatchEvent[old.Length * 2];
        for (var i = Volatile.Read(ref _released); i < _cursor; i++)
        {
            grown[(int)(i & (grown.Length - 1))] = old[(int)(i & (old.Length - 1))];
        }

        Volatile.Write(ref _events, grown);
        return grown;
    }
}
