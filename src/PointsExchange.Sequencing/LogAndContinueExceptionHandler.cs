using System.Globalization;

namespace PointsExchange.Sequencing;

/// <summary>
/// The default exception handler: reports the exception to a callback and lets the processor continue
/// with the next slot (the failed slot counts as processed).
/// </summary>
public sealed class LogAndContinueExceptionHandler<T> : IExceptionHandler<T>
    where T : struct
{
    private readonly Action<string, Exception> _log;

    /// <param name="log">Receives a short context message and the exception; standard error when null.</param>
    public LogAndContinueExceptionHandler(Action<string, Exception>? log = null) =>
        _log = log ?? ((message, exception) => Console.Error.WriteLine($"{message}: {exception}"));

    /// <inheritdoc/>
    public void HandleEventException(Exception exception, long sequence, ref T data) =>
        _log(string.Create(CultureInfo.InvariantCulture, $"Event handler failed at sequence {sequence}; skipped"), exception);

    /// <inheritdoc/>
    public void HandleOnStartException(Exception exception) => _log("Event handler failed in OnStart", exception);

    /// <inheritdoc/>
    public void HandleOnShutdownException(Exception exception) => _log("Event handler failed in OnShutdown", exception);

    /// <inheritdoc/>
    public void HandleOnTimeoutException(Exception exception, long sequence) =>
        _log(string.Create(CultureInfo.InvariantCulture, $"Event handler failed in OnTimeout after sequence {sequence}"), exception);
}
