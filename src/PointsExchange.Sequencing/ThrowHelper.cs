using System.Diagnostics.CodeAnalysis;

namespace PointsExchange.Sequencing;

/// <summary>Throws out of line so the hot methods that validate arguments stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ClaimSizeOutOfRange(int n, int bufferSize) =>
        throw new ArgumentOutOfRangeException(nameof(n), n, $"A claim must be between 1 and the buffer size ({bufferSize}).");

    [DoesNotReturn]
    public static void BufferSizeNotPowerOfTwo(int bufferSize) =>
        throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "The buffer size must be a power of two and at least 1.");

    [DoesNotReturn]
    public static void AlreadyRunning(string what) =>
        throw new InvalidOperationException($"{what} is already running.");

    [DoesNotReturn]
    public static void AlreadyStarted() =>
        throw new InvalidOperationException("Consumers cannot be added once the wiring has started.");
}
