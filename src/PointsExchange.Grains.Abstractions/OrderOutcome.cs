namespace PointsExchange.Grains;

/// <summary>
/// What happened to an order command. <see cref="Error"/> is 0 when the engine ran it; otherwise a gRPC
/// status code (as an int) and <see cref="Message"/> say why nothing happened.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record OrderOutcome
{
    [Id(0)] public int Error { get; init; }
    [Id(1)] public string Message { get; init; } = "";

    /// <summary>The engine's command status (wire value of CommandStatus).</summary>
    [Id(2)] public byte Status { get; init; }
    [Id(3)] public long CommandId { get; init; }
    [Id(4)] public long OrderId { get; init; }

    /// <summary>Unix microseconds, stamped by ingress.</summary>
    [Id(5)] public long Timestamp { get; init; }
    [Id(6)] public IReadOnlyList<BookEvent> Events { get; init; } = [];

    /// <summary>True when this answers a retry: the order already existed and nothing happened again.</summary>
    [Id(7)] public bool Replayed { get; init; }

    public static OrderOutcome Failed(int error, string message) => new() { Error = error, Message = message };
}
