using System.Threading.Tasks.Sources;
using PointsExchange.Matching;

namespace PointsExchange.Engine;

/// <summary>
/// An awaitable completion that is reused: rent it, submit with it, await <see cref="WaitAsync"/>, read
/// the outcome, then <see cref="Dispose"/> it back to its pool. No Task and no event list is allocated
/// per command once the pool is warm. The complete stage copies the events in and signals; the
/// caller's continuation runs on the thread pool, never on the engine thread.
/// </summary>
public sealed class PooledCompletion : ICommandCompletion, IValueTaskSource, IDisposable
{
    private readonly CompletionPool? _pool;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

    internal PooledCompletion(CompletionPool? pool) => _pool = pool;

    public PooledCompletion()
        : this(null)
    {
    }

    /// <summary>The command as the engine ran it (ids and timestamp stamped by ingress).</summary>
    public EngineCommand Command { get; private set; }

    public CommandStatus Status { get; private set; }

    /// <summary>The command's events; valid until <see cref="Dispose"/>.</summary>
    public List<MatchEvent> Events { get; } = new(4);

    /// <summary><c>Stopwatch.GetTimestamp()</c> at ingress.</summary>
    public long IngressTicks { get; private set; }

    public ValueTask WaitAsync() => new(this, _core.Version);

    public void OnCompleted(in EngineSlot slot, EventView events)
    {
        Command = slot.Command;
        Status = slot.Status;
        IngressTicks = slot.IngressTicks;
        for (var i = 0; i < events.Count; i++)
        {
            Events.Add(events[i]);
        }

        _core.SetResult(true);
    }

    /// <summary>Returns the completion to its pool for the next command.</summary>
    public void Dispose()
    {
        Events.Clear();
        _core.Reset();
        _pool?.Return(this);
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
