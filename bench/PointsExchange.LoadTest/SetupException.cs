namespace PointsExchange.LoadTest;

/// <summary>The exchange cannot be reached or refused to set the load up: one line on stderr and exit code 1.</summary>
internal sealed class SetupException(string message, Exception? inner = null) : Exception(message, inner);
