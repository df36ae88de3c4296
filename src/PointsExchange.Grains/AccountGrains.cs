using System.Numerics;

namespace PointsExchange.Grains;

/// <summary>
/// References to account grains, remembered in a fixed table. Orleans' <c>GetGrain</c> resolves the grain
/// interface by formatting type names on every call: about 4 % of the server's CPU at saturation (perf, closed
/// loop 512), on the path of every order and of every maker-fill message. A reference is immutable and stays
/// valid wherever the grain lives, so the last one made for a key is kept in the slot the key hashes to; a
/// collision just makes a new one. The table's size is fixed: it cannot grow with the number of accounts.
/// </summary>
public sealed class AccountGrains
{
    private readonly IGrainFactory _grains;
    private readonly Entry?[] _slots;
    private readonly int _shift;

    public AccountGrains(IGrainFactory grains, int slots = 1 << 14)
    {
        if (slots < 2 || !BitOperations.IsPow2(slots))
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "a power of two, at least 2");
        }

        _grains = grains;
        _slots = new Entry?[slots];
        _shift = 64 - BitOperations.Log2((uint)slots);
    }

    /// <summary>The account's grain.</summary>
    public IAccountGrain this[long accountId]
    {
        get
        {
            // Fibonacci hashing: consecutive account ids land far apart.
            var index = (int)(unchecked((ulong)accountId * 0x9E3779B97F4A7C15UL) >> _shift);
            var entry = Volatile.Read(ref _slots[index]);
            if (entry is not null && entry.AccountId == accountId)
            {
                return entry.Grain;
            }

            var grain = _grains.GetGrain<IAccountGrain>(accountId);
            Volatile.Write(ref _slots[index], new Entry(accountId, grain));
            return grain;
        }
    }

    private sealed record Entry(long AccountId, IAccountGrain Grain);
}
