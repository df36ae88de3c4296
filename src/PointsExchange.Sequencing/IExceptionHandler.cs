namespace PointsExchange.Sequencing;

/// <summary>
/// Receives what an <see cref="IEventHandler{T}"/> throws. Returning means "carry on": the processor
/// moves past the slot. Throwing stops the processor, which records the exception in
/// <see cref="BatchEventProcessor{T}.Fault"/> (the thread never dies silently).
/// </summary>
public interface IExceptionHandler<T>
    where T : struct
{
    /// <summary>The handler threw while processing slot <paramref name="sequence"/> (or starting its batch).</summary>
    void HandleEventException(Exception exception, long sequence, ref T data);

    /// <summary>The handler's <see cref="IEventHandler{T}.OnStart"/> threw; the processor goes on.</summary>
    void HandleOnStartException(Exception exception);

    /// <summary>The handler's <see cref="IEventHandler{T}.OnShutdown"/> threw.</summary>
    void HandleOnShutdownException(Exception exception);

    /// <summary>The handler's <see cref="IEventHandler{T}.OnTimeout"/> threw; the processor goes on.</summary>
    void HandleOnTimeoutException(Exception exception, long sequence);
}
