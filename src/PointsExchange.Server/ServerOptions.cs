namespace PointsExchange.Server;

/// <summary>
/// The server's settings: section <c>PointsExchange</c> of appsettings.json, or environment variables
/// such as <c>PointsExchange__GrpcPort=6080</c>. The ledger's connection string is <c>PX_PG</c> or
/// <c>ConnectionStrings:Ledger</c>, else the private cluster of scripts/pg.sh.
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "PointsExchange";

    /// <summary>Native gRPC, plain-text HTTP/2 (h2c).</summary>
    public int GrpcPort { get; set; } = 5080;

    /// <summary>HTTP/1.1 and HTTP/2: gRPC-Web, the web pages.</summary>
    public int HttpPort { get; set; } = 5081;

    /// <summary>Address to listen on; loopback unless you mean to expose the exchange.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Where the first start writes the admin key (and demo keys), readable by the owner only.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>On an empty ledger, create demo merchants, currencies, pairs, members and resting orders.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>Demo members keep trading a little, so the demo market moves (start.sh turns it on).</summary>
    public bool DemoActivity { get; set; }

    /// <summary>Engine shards (one ring and two stage threads each).</summary>
    public int Shards { get; set; } = 1;

    /// <summary>Largest request accepted, in bytes; larger ones are refused.</summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>The dashboard's built files; empty: <c>wwwroot</c> beside the server's binaries.</summary>
    public string WebRoot { get; set; } = "";

    /// <summary>Messages queued per stream subscriber; a subscriber this far behind is cut off with RESOURCE_EXHAUSTED.</summary>
    public int SubscriberQueue { get; set; } = 10_000;

    /// <summary>
    /// The CPU priority (nice, -20 to 19) of the PostgreSQL backends that settle batches, when the ledger runs on
    /// this machine and the server may set it (root, or CAP_SYS_NICE as PostgreSQL's own user); empty leaves them as they are. Settlement
    /// is one serial loop on one backend that the whole exchange waits for (docs/performance.md, section 13).
    /// </summary>
    public int? SettlementNice { get; set; } = -10;

    /// <summary>
    /// Orders kept in memory as committed, so that cancels and replaces find the order they name without a query
    /// (docs/performance.md, section 14); 0 keeps none.
    /// </summary>
    public int RecentOrders { get; set; } = new Ledger.LedgerOptions().RecentOrders;

    /// <summary>Ring slots per shard: commands in flight before callers get RESOURCE_EXHAUSTED.</summary>
    public int RingSize { get; set; } = 1 << 14;
}
