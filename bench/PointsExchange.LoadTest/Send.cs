namespace PointsExchange.LoadTest;

/// <summary>Hands a request to the target, and takes it back if Ctrl-C stopped the send before it was handed over.</summary>
internal static class Send
{
    public static async ValueTask OrWithdrawAsync(IOrderTarget target, LoadRequest request, Action<LoadRequest> withdraw, CancellationToken stop)
    {
        try
        {
            await target.SendAsync(request, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            withdraw(request);
            throw;
        }
    }
}
