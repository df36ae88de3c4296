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

    /// <summary><c>PX_PG</c> when set, else the default private cluster.</summary>
    public static string FromEnvironment() =>
        Environment.GetEnvironmentVariable("PX_PG") is { Length: > 0 } fromEnv ? fromEnv : DefaultConnectionString;
}
