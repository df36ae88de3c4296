using PointsExchange.Engine;
using PointsExchange.Matching;

namespace PointsExchange.Testing;

/// <summary>
/// A test double of the ledger for the engine's own tests: it "commits" a batch by appending it to a
/// journal and replaying it on shadow books, so it also checks on every batch that the engine's events
/// are exactly what the matching core gives for the same commands. It can be switched to fail.
/// </summary>
public sealed class InMemoryLedger : ICommitPort, IBookSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (OrderBook Book, bool Halted)> _shadows = [];
    private volatile bool _failing;

    /// <summary>Every committed command, in commit order, with its events.</summary>
    public List<(EngineCommand Command, CommandStatus Status, MatchEvent[] Events)> Journal { get; } = [];

    /// <summary>Sizes of the committed batches, in order.</summary>
    public List<int> BatchSizes { get; } = [];

    /// <summary>When set, Commit blocks until the gate opens (to let commands pile up).</summary>
    public ManualResetEventSlim Gate { get; } = new(initialState: true);

    /// <summary>Events of a command that differed from the shadow book's (should stay empty).</summary>
    public List<string> Divergences { get; } = [];

    public int Loads { get; private set; }

    private int _commitsEntered;

    /// <summary>Commit calls that have started, including one waiting at the gate.</summary>
    public int CommitsEntered => Volatile.Read(ref _commitsEntered);

    public void AddPair(int pairId, OrderBookSpec spec)
    {
        lock (_gate)
        {
            _shadows[pairId] = (new OrderBook(spec), false);
        }
    }

    /// <summary>While true, every commit throws (as PostgreSQL does when it is down) and loads fail too.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public void Commit(in CommitBatch batch)
    {
        Interlocked.Increment(ref _commitsEntered);
        Gate.Wait();
        if (_failing)
        {
            throw new InvalidOperationException("ledger unavailable (test)");
        }

        lock (_gate)
        {
            BatchSizes.Add(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                ref readonly var slot = ref batch[i];
                var events = batch.EventsOf(in slot).ToArray();
                Journal.Add((slot.Command, slot.Status, events));
                Replay(in slot, events);
            }
        }
    }

    public RecoveredPair Load(int pairId, OrderBookSpec spec)
    {
        if (_failing)
        {
            throw new InvalidOperationException("ledger unavailable (test)");
        }

        lock (_gate)
        {
            Loads++;
            var (shadow, halted) = _shadows[pairId];
            var book = new OrderBook(spec, lastTradeId: shadow.LastTradeId);
            foreach (var order in shadow.Orders())
            {
                book.Restore(in order);
            }

            return new RecoveredPair(book, halted);
        }
    }

    /// <summary>The committed book of a pair.</summary>
    public OrderBook Committed(int pairId)
    {
        lock (_gate)
        {
            return _shadows[pairId].Book;
        }
    }

    private void Replay(in EngineSlot slot, MatchEvent[] events)
    {
        if (!_shadows.TryGetValue(slot.Command.PairId, out var shadow))
        {
            return;
        }

        if (slot.Status == CommandStatus.StatusChanged)
        {
            _shadows[slot.Command.PairId] = (shadow.Book, slot.Command.Halt);
        }
        else if (slot.Status == CommandStatus.Executed)
        {
            var expected = shadow.Book.Run(in slot.Command.Order);
            if (!expected.SequenceEqual(events))
            {
                Divergences.Add($"command {slot.Command.CommandId}: engine [{string.Join("; ", events)}] vs core [{string.Join("; ", expected)}]");
            }
        }
    }
}
