namespace PointsExchange.LoadTest;

/// <summary>A bad option or a missing file, found before anything is sent: one line on stderr and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
