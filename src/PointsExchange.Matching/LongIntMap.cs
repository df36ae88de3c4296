using System.Numerics;
using System.Runtime.CompilerServices;

namespace PointsExchange.Matching;

/// <summary>
/// Open-addressing hash map from a non-zero <c>long</c> key to an <c>int</c>: the book's index from
/// order id to order slot and from price key to level slot. Linear probing over one array of 16-byte
/// entries (key and value side by side: one cache line answers most lookups), Fibonacci hashing
/// (so sequential order ids spread), deletion by backward shift (no tombstones, so lookups never slow
/// down as orders come and go). Grows by doubling at half load: allocation happens only on growth,
/// never in the steady state.
/// </summary>
internal sealed class LongIntMap
{
    private const long EmptyKey = 0;

    // Invariant: _count < capacity / 2, capacity a power of two, _shift = 64 - log2(capacity).
    private Entry[] _entries;
    private int _mask;
    private int _shift;
    private int _count;

    public LongIntMap(int capacity)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _entries = new Entry[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>The value of <paramref name="key"/>, or -1 when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Get(long key)
    {
        var entries = _entries;
        var i = Home(key);
        while (true)
        {
            ref var e = ref entries[i];
            if (e.Key == key)
            {
                return e.Value;
            }

            if (e.Key == EmptyKey)
            {
                return -1;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Adds a key that must not be present (the caller looked it up first).</summary>
    public void Add(long key, int value)
    {
        if (_count + 1 > (_mask + 1) >> 1)
        {
            Grow();
        }

        Insert(_entries, _mask, key, value);
        _count++;
    }

    private void Insert(Entry[] entries, int mask, long key, int value)
    {
        var i = Home(key);
        while (entries[i].Key != EmptyKey)
        {
            i = (i + 1) & mask;
        }

        entries[i] = new Entry(key, value);
    }

    /// <summary>Removes <paramref name="key"/> if present.</summary>
    public void Remove(long key)
    {
        var entries = _entries;
        var mask = _mask;
        var i = Home(key);
        while (entries[i].Key != key)
        {
            if (entries[i].Key == EmptyKey)
            {
                return;
            }

            i = (i + 1) & mask;
        }

        _count--;

        // Backward shift: pull later members of the probe run into the hole whenever their home slot
        // does not lie cyclically in (hole, j]; otherwise a lookup for them would stop at the hole.
        var j = i;
        while (true)
        {
            j = (j + 1) & mask;
            if (entries[j].Key == EmptyKey)
            {
                break;
            }

            var home = Home(entries[j].Key);
            var stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays)
            {
                entries[i] = entries[j];
                i = j;
            }
        }

        entries[i] = default;
    }

    public void Clear()
    {
        Array.Clear(_entries);
        _count = 0;
    }

    private void Grow()
    {
        var old = _entries;
        var size = old.Length * 2;
        var entries = new Entry[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        foreach (ref readonly var e in old.AsSpan())
        {
            if (e.Key != EmptyKey)
            {
                Insert(entries, _mask, e.Key, e.Value);
            }
        }

        _entries = entries;
    }

    private readonly struct Entry(long key, int value)
    {
        public readonly long Key = key;
        public readonly int Value = value;
    }
}
