namespace PointsExchange.Ledger;

/// <summary>Why the ledger refused a request; the server maps each to its gRPC status.</summary>
public enum LedgerRule
{
    InvalidArgument = 1,
    NotFound = 2,
    FailedPrecondition = 3,
    AlreadyExists = 4,
    PermissionDenied = 5,
}

/// <summary>A request the ledger refused for a reason the caller can act on; nothing was written.</summary>
public sealed class LedgerRuleException : Exception
{
    public LedgerRuleException(LedgerRule rule, string message)
        : base(message) => Rule = rule;

    public LedgerRuleException()
    {
    }

    public LedgerRuleException(string message)
        : base(message)
    {
    }

    public LedgerRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LedgerRule Rule { get; }
}
