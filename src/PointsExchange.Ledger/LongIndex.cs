using System.Numerics;

namespace PointsExchange.Ledger;

/// <summary>
/// A fixed-size map from nonzero longs to longs in two flat arrays (open addressing, linear probing): no object per
/// entry, so the GC has nothing in it to trace or to promote. One writer at a time (the caller serialises them);
/// readers run concurrently and may miss an entry the writer is moving, or read the value of another key that the
/// writer moved into the place they probed. Readers therefore treat what they find as a hint and check it against
/// its source.
/// </summary>
internal sealed class LongIndex
{
    private readonly long[] _keys;
    private readonly long[] _values;
    private readonly int _entries;
    private readonly int _mask;
    private readonly int _shift;

    /// <param name="entries">Entries held at most: the table is at least twice as large, so probes stay short.</param>
    public LongIndex(int entries)
    {
        _entries = entries;
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, 2 * entries));
        _keys = new long[size];
        _values = new long[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    /// <summary>Keys held. Writer only.</summary>
    public int Count { get; private set; }

    /// <summary>The value of <paramref name="key"/>, or -1.</summary>
    public long Find(long key)
    {
        for (int i = Home(key), probes = 0; probes <= _mask; i = (i + 1) & _mask, probes++)
        {
            var found = Volatile.Read(ref _keys[i]);
            if (found == key)
            {
                return Volatile.Read(ref _values[i]);
            }

            if (found == 0)
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>Adds or replaces. Writer only.</summary>
    public void Set(long key, long value)
    {
        var i = Home(key);
        while (_keys[i] != 0 && _keys[i] != key)
        {
            i = (i + 1) & _mask;
        }

        if (_keys[i] == 0)
        {
            // Its owner keeps to the number of entries it was made for (the table is at least twice that): more is a leak.
            if (Count >= _entries)
            {
                throw new InvalidOperationException($"the index already holds the {_entries} keys it was made for");
            }

            Count++;
        }

        Volatile.Write(ref _values[i], value);
        Volatile.Write(ref _keys[i], key);
    }

    /// <summary>Removes <paramref name="key"/> if it still maps to <paramref name="value"/> (a newer mapping stays). Writer only.</summary>
    public void Remove(long key, long value)
    {
        var i = Home(key);
        while (_keys[i] != key)
        {
            if (_keys[i] == 0)
            {
                return;
            }

            i = (i + 1) & _mask;
        }

        if (_values[i] != value)
        {
            return;
        }

        // Backward-shift deletion: later entries of the probe run move up, so no run is ever broken by a hole.
        for (var j = (i + 1) & _mask; _keys[j] != 0; j = (j + 1) & _mask)
        {
            var home = Home(_keys[j]);
            var reachable = i <= j ? home <= i || home > j : home <= i && home > j;
            if (reachable)
            {
                Volatile.Write(ref _values[i], _values[j]);
                Volatile.Write(ref _keys[i], _keys[j]);
                i = j;
            }
        }

        Volatile.Write(ref _keys[i], 0);
        Count--;
    }

    // Fibonacci hashing: consecutive keys (order ids) land far apart.
    private int Home(long key) => (int)(unchecked((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);
}
