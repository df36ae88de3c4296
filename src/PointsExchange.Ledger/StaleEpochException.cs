namespace PointsExchange.Ledger;

/// <summary>
/// A commit was refused because another writer has loaded the pair since this one did (a fencing
/// epoch mismatch): two activations of one book can never both commit. Nothing of the batch was written.
/// </summary>
public sealed class StaleEpochException : Exception
{
    public StaleEpochException(string message)
        : base(message)
    {
    }

    public StaleEpochException()
    {
    }

    public StaleEpochException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
