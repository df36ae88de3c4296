using System.Diagnostics;
using PointsExchange.Matching;
using PointsExchange.Sequencing;

namespace PointsExchange.Engine;

/// <summary>
/// Stage 1: stamps each command's id (in ring order, so ids are time priority), runs it on its pair's
/// book and appends the events to the arena. The only thread that touches the books. Never blocks,
/// except to rebuild the books after a failed commit.
/// </summary>
internal sealed class MatchStage(BookRegistry books, EventArena arena, ShardHealth health, IBookSource? source, CommandIdSource ids,
    TimeSpan resyncRetry)
    : IEventHandler<EngineSlot>
{
    private int _epoch;
    private long _nextResyncAttempt;

    public void OnEvent(ref EngineSlot slot, long sequence, bool endOfBatch)
    {
        if (health.FailedEpoch >= _epoch)
        {
            TryResync();
        }

        slot.Command.CommandId = ids.Next();
        if (slot.Command is { Kind: EngineCommandKind.Order, Order: { Type: CommandType.Place, OrderId: 0 } })
        {
            slot.Command.Order.OrderId = slot.Command.CommandId;
        }

        slot.Epoch = _epoch;
        slot.EventStart = arena.Cursor;
        slot.PairSequence = 0;
        slot.Status = health.FailedEpoch >= _epoch
            ? CommandStatus.Unavailable
            : Execute(ref slot.Command, slot.Completion, ref slot.PairSequence);
        slot.EventCount = (int)(arena.Cursor - slot.EventStart);
    }

    private CommandStatus Execute(ref EngineCommand command, ICommandCompletion? completion, ref long pairSequence)
    {
        var pair = books.Get(command.PairId);
        if (pair is null)
        {
            return CommandStatus.UnknownPair;
        }

        if (command.Kind == EngineCommandKind.Query)
        {
            (completion as IBookQuery)?.Capture(pair);
            return CommandStatus.Queried;
        }

        if (command.Kind == EngineCommandKind.SetPairStatus)
        {
            pair.Halted = command.Halt;
            return CommandStatus.StatusChanged;
        }

        if (pair.Halted && command.Order.Type is CommandType.Place or CommandType.Replace)
        {
            return CommandStatus.PairHalted;
        }

        var sink = new ArenaSink(arena);
        pair.Book.Execute(in command.Order, ref sink);
        pairSequence = ++pair.Sequence;
        return CommandStatus.Executed;
    }

    /// <summary>Rebuilds every book of the shard from the ledger, at most once per retry interval.</summary>
    private void TryResync()
    {
        var now = Stopwatch.GetTimestamp();
        if (source is null || now < _nextResyncAttempt)
        {
            return;
        }

        _nextResyncAttempt = now + (long)(resyncRetry.TotalSeconds * Stopwatch.Frequency);
        try
        {
            var rebuilt = books.All().Select(p => (Pair: p, State: source.Load(p.PairId, p.Spec))).ToList();
            foreach (var (pair, state) in rebuilt)
            {
                pair.Book = state.Book;
                pair.Halted = state.Halted;
            }

            _epoch = health.FailedEpoch + 1;
            health.Resynced(_epoch);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The ledger is still unreachable: keep failing commands fast and try again later.
        }
    }

    private readonly struct ArenaSink(EventArena arena) : IMatchEventSink
    {
        public void OnEvent(in MatchEvent e) => arena.Append(in e);
    }
}
