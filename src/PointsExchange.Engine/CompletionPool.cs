namespace PointsExchange.Engine;

/// <summary>
/// Reusable <see cref="PooledCompletion"/>s for callers that await the engine. Used by request threads,
/// never by the engine's stage threads, so a short lock is fine here.
/// </summary>
public sealed class CompletionPool(int maxRetained = 4096)
{
    private readonly Stack<PooledCompletion> _free = new();
    private readonly Lock _gate = new();

    public PooledCompletion Rent()
    {
        lock (_gate)
        {
            if (_free.TryPop(out var completion))
            {
                return completion;
            }
        }

        return new PooledCompletion(this);
    }

    internal void Return(PooledCompletion completion)
    {
        lock (_gate)
        {
            if (_free.Count < maxRetained)
            {
                _free.Push(completion);
            }
        }
    }
}
