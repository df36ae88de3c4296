namespace PointsExchange.Engine;

/// <summary>
/// Told by the complete stage, on its thread, that a command is done. Implementations copy what they
/// need and return at once (the events are valid only during the call); they never block and never
/// run the caller's continuation inline (see <see cref="PooledCompletion"/>).
/// </summary>
public interface ICommandCompletion
{
    void OnCompleted(in EngineSlot slot, EventView events);
}
