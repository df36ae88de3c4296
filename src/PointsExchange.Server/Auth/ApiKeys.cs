using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using PointsExchange.Ledger;

namespace PointsExchange.Server.Auth;

/// <summary>
/// API keys: 256 random bits, shown once, stored only as their SHA-256 hash. A key is high-entropy, so a
/// plain hash suffices (no salt or stretching: nothing to guess). Resolved keys are cached by hash.
/// </summary>
public sealed class ApiKeys(PostgresLedger ledger)
{
    private const string Prefix = "px_";
    private readonly ConcurrentDictionary<string, (Principal Principal, byte[] Hash)> _cache = new();

    /// <summary>Creates a key for an account; the key itself is returned once and never stored.</summary>
    public async Task<string> CreateAsync(long accountId, CancellationToken cancel = default)
    {
        var key = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        await ledger.AddApiKeyAsync(accountId, Hash(key), key[..(Prefix.Length + 6)], cancel);
        return key;
    }

    /// <summary>The principal a key belongs to, or null. The stored hash is compared in constant time.</summary>
    public async Task<Principal?> ResolveAsync(string key, CancellationToken cancel = default)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 100)
        {
            return null;
        }

        var hash = Hash(key);
        var id = Convert.ToHexString(hash);
        if (_cache.TryGetValue(id, out var cached))
        {
            return CryptographicOperations.FixedTimeEquals(cached.Hash, hash) ? cached.Principal : null;
        }

        var found = await ledger.FindApiKeyAsync(hash, cancel);
        if (found is not { } row || !CryptographicOperations.FixedTimeEquals(row.StoredHash, hash))
        {
            return null;
        }

        var principal = new Principal(row.AccountId, row.Role);
        _cache[id] = (principal, hash);
        return principal;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
