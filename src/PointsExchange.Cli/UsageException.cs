namespace PointsExchange.Cli;

/// <summary>A usage mistake the parser cannot see (a bad --server in PX_SERVER, no key): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
