namespace PointsExchange.Ledger;

/// <summary>The ledger could not apply a batch; nothing of it was written (gRPC UNAVAILABLE).</summary>
public sealed class LedgerUnavailableException : Exception
{
    public LedgerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LedgerUnavailableException(string message)
        : base(message)
    {
    }

    public LedgerUnavailableException()
    {
    }
}
