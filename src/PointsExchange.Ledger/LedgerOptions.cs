namespace PointsExchange.Ledger;

/// <summary>Where the ledger lives. The connection string comes from configuration or the <c>PX_PG</c> variable.</summary>
public sealed record LedgerOptions
{
    /// <summary>The private cluster that scripts/pg.sh starts (see <c>bash scripts/pg.sh url</c>).</summary>
    public const string DefaultConnectionString =
        "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=pointsexchange";

    public string ConnectionString { get; init; } = FromEnvironment();

    /// <summary>How long one statement may run before the batch fails (and is answered UNAVAILABLE).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Commands in a batch from which settlement writes the new rows by binary COPY. Below it they are INSERTs
    /// from column arrays in the batch's one round trip: the full server's batches (a few hundred commands)
    /// cost less that way than with five COPYs of two round trips each; thousands of rows go faster by COPY
    /// (docs/performance.md, section 10).
    /// </summary>
    public int CopyThreshold { get; init; } = 512;

    /// <summary>
    /// The CPU priority (nice, -20 to 19) given to each PostgreSQL backend that settles batches, when the ledger
    /// runs on this machine; null leaves them as they are. Settlement is one serial loop on one backend, and on
    /// a busy machine every wait of that backend for a core lengthens every batch behind it (see
    /// <see cref="BackendPriority"/>).
    /// </summary>
    public int? SettlementNice { get; init; }

    /// <summary>
    /// Orders kept in memory as committed, for the look-ups of cancels, replaces and retried client order ids
    /// (see <see cref="RecentOrders"/>); 0 keeps none. 280 bytes each, in arrays that grow as orders
    /// arrive: the default holds the last quarter of a million orders in 73 MB.
    /// </summary>
    public int RecentOrders { get; init; } = 262_144;

    /// <summary><c>PX_PG</c> when set, else the default private cluster.</summary>
    public static string FromEnvironment() =>
        Environment.GetEnvironmentVariable("PX_PG") is { Length: > 0 } fromEnv ? fromEnv : DefaultConnectionString;
}
