namespace PointsExchange.LoadTest;

/// <summary>One run's settings, validated: every value here is usable as it is.</summary>
internal sealed record LoadOptions
{
    public required Uri Server { get; init; }

    /// <summary>Requests per second on the open-loop schedule; 0 in closed-loop mode.</summary>
    public double Rate { get; init; }

    /// <summary>Closed loop: this many requests in flight, each sent when the previous one of its worker is answered.</summary>
    public int? ClosedInFlight { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Sent at the same rate before the measured window; not recorded.</summary>
    public TimeSpan Warmup { get; init; }

    /// <summary>How long to wait, after the last request, for the answers still due.</summary>
    public TimeSpan Drain { get; init; }

    public int Members { get; init; }

    public int Pairs { get; init; }

    public int Connections { get; init; }

    public required OrderMix Mix { get; init; }

    public Transport Transport { get; init; }

    public int Seed { get; init; }

    public required string OutputDirectory { get; init; }

    public required string AdminKeyFile { get; init; }

    /// <summary>The state file of an earlier run whose accounts, currencies and pairs are used again; null: create new ones.</summary>
    public string? ReuseStateFile { get; init; }

    /// <summary>The ledger's connection string, for the checks after the run. It holds a password: never print it.</summary>
    public required string Ledger { get; init; }

    public bool ClosedLoop => ClosedInFlight is not null;

    /// <summary>The address as people type it, without the trailing slash Uri adds.</summary>
    public string Address => Server.GetLeftPart(UriPartial.Authority);

    public override string ToString() => $"LoadOptions {{ Server = {Address}, Rate = {Rate}, Closed = {ClosedInFlight}, Transport = {Transport} }}";
}
