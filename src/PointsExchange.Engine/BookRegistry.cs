namespace PointsExchange.Engine;

/// <summary>
/// The books of one shard, indexed by pair id. Copy-on-write: the control plane adds a book by
/// publishing a new array (release store); the match stage reads the current array once per command
/// (acquire load) and never sees a half-built one. Pair ids are small dense integers (database ids).
/// </summary>
public sealed class BookRegistry
{
    /// <summary>Pair ids above this are refused: the array is indexed by id.</summary>
    public const int MaxPairId = 1 << 20;

    // Writer: Add, under _gate (control plane). Readers: the match stage (Volatile.Read), any thread for queries.
    private PairBook?[] _books = new PairBook?[16];
    private readonly Lock _gate = new();

    public PairBook? Get(int pairId)
    {
        var books = Volatile.Read(ref _books);
        return (uint)pairId < (uint)books.Length ? books[pairId] : null;
    }

    public void Add(PairBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(book.PairId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(book.PairId, MaxPairId);
        lock (_gate)
        {
            var books = _books;
            if (book.PairId < books.Length && books[book.PairId] is not null)
            {
                throw new InvalidOperationException($"pair {book.PairId} already has a book on this shard");
            }

            var copy = new PairBook?[Math.Max(books.Length, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)book.PairId + 1))];
            books.CopyTo(copy, 0);
            copy[book.PairId] = book;
            Volatile.Write(ref _books, copy);
        }
    }

    /// <summary>Every registered book (a snapshot).</summary>
    public IEnumerable<PairBook> All() => Volatile.Read(ref _books).OfType<PairBook>();
}
