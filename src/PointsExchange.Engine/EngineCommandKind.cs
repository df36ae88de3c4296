namespace PointsExchange.Engine;

/// <summary>What a ring slot asks the engine to do. Stored in the journal: values are append-only.</summary>
public enum EngineCommandKind : byte
{
    /// <summary>An order command (place, cancel, amend, replace) for one pair's book.</summary>
    Order = 1,

    /// <summary>Halts or resumes trading on a pair: while halted, places and replaces are refused, cancels still work.</summary>
    SetPairStatus = 2,

    /// <summary>
    /// Reads a book on the match thread (the completion must be an <see cref="IBookQuery"/>). The answer
    /// reaches the caller only after every earlier command is committed, so it never shows uncommitted state.
    /// Not journaled: it changes nothing.
    /// </summary>
    Query = 3,
}
