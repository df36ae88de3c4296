namespace PointsExchange.Grains;

/// <summary>
/// Which client order ids an account may have used: a scalable Bloom filter (a chain of filters, each
/// twice the size of the one before, ten bits and seven probes per id, about 1 % false positives). "No"
/// is certain, so a new id skips the ledger; "maybe" means the ledger is asked. Filled from the ledger when
/// the account's grain activates and with every id the grain places afterwards; since every order of an
/// account passes through its grain, an id it has not seen is in the ledger only if the ledger said so.
/// </summary>
public sealed class ClientIdFilter
{
    private const int BitsPerId = 10;
    private const int Probes = 7;
    private readonly List<Layer> _layers = [];

    public ClientIdFilter(int expected = 1_024) => _layers.Add(new Layer(Math.Max(expected, 1_024)));

    public int Count { get; private set; }

    public void Add(string id)
    {
        var layer = _layers[^1];
        if (layer.Count >= layer.Capacity)
        {
            layer = new Layer(layer.Capacity * 2);
            _layers.Add(layer);
        }

        layer.Add(id);
        Count++;
    }

    public bool MightContain(string id)
    {
        foreach (var layer in _layers)
        {
            if (layer.MightContain(id))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Layer(int capacity)
    {
        private readonly ulong[] _bits = new ulong[((long)capacity * BitsPerId / 64) + 1];

        public int Capacity { get; } = capacity;

        public int Count { get; private set; }

        public void Add(string id)
        {
            var (h1, h2) = Hashes(id);
            for (var i = 0; i < Probes; i++)
            {
                var bit = Bit(h1, h2, i);
                _bits[bit >> 6] |= 1UL << (int)(bit & 63);
            }

            Count++;
        }

        public bool MightContain(string id)
        {
            var (h1, h2) = Hashes(id);
            for (var i = 0; i < Probes; i++)
            {
                var bit = Bit(h1, h2, i);
                if ((_bits[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
                {
                    return false;
                }
            }

            return true;
        }

        // Double hashing (Kirsch and Mitzenmacher): probe i at h1 + i * h2.
        private ulong Bit(ulong h1, ulong h2, int i) => (h1 + ((ulong)i * h2)) % ((ulong)_bits.Length * 64);

        private static (ulong, ulong) Hashes(string id)
        {
            // FNV-1a over the UTF-16 code units, then a 64-bit finaliser for the second hash.
            var h = 14695981039346656037UL;
            foreach (var c in id)
            {
                h = (h ^ c) * 1099511628211UL;
            }

            var g = h ^ (h >> 33);
            g *= 0xff51afd7ed558ccdUL;
            g ^= g >> 33;
            return (h, g | 1);
        }
    }
}
