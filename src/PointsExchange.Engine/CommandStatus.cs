namespace PointsExchange.Engine;

/// <summary>
/// Where a command stands after the engine's stages. Matching rejections (bad price, unknown order)
/// are not here: they are <see cref="Matching.MatchEventKind.Rejected"/> events of an executed command.
/// </summary>
public enum CommandStatus : byte
{
    /// <summary>Not yet through the match stage.</summary>
    Pending = 0,

    /// <summary>The book ran the command; its events are final once the batch committed.</summary>
    Executed = 1,

    /// <summary>No book for the command's pair on this shard.</summary>
    UnknownPair = 2,

    /// <summary>The pair is halted: places and replaces are refused.</summary>
    PairHalted = 3,

    /// <summary>The ledger could not commit the batch: the command was not applied (gRPC UNAVAILABLE).</summary>
    Unavailable = 4,

    /// <summary>A halt or resume took effect.</summary>
    StatusChanged = 5,

    /// <summary>A query read the book; nothing changed.</summary>
    Queried = 6,
}
