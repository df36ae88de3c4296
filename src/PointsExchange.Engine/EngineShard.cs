using System.Diagnostics;
using PointsExchange.Matching;
using PointsExchange.Sequencing;

namespace PointsExchange.Engine;

/// <summary>
/// One shard of the engine: a ring, its four stages, and the books of the pairs it owns. This file is
/// the only place where stages are wired.
/// </summary>
/// <remarks>
/// <code>
///  ingress (any thread: grains, sessions)
///     | TrySubmit: claim slot, stamp
///     | sequence and time, publish
///     v
///  [ ring of EngineSlot, multi-producer ] --> [1 match] --> [2 commit] --> [3 publish] --> [4 complete]*
///                                              ids, books,   batch to       committed       callers told,
///                                              events to     ICommitPort    batches to      events released
///                                              the arena     (group         IPublishPort
///                                                            commit)
///
///  thread groups: ThreadPerStage = true    T1=[1]  T2=[2]  T3=[3]  T4=[4]      each gated on the one before
///                 ThreadPerStage = false   T1=[1]  T2=[2 -> 3 -> 4], per range  (the default)
///
///  * producers are gated on the last stage: a slot is reused only after its caller was told.
/// </code>
/// While [2 commit] waits on the ledger, [1 match] keeps filling the next batch: one durable write
/// carries every command that arrived meanwhile.
/// </remarks>
public sealed class EngineShard
{
    private readonly RingBuffer<EngineSlot> _ring;
    private readonly RingWiring<EngineSlot> _wiring;
    private readonly TimeProvider _time;

    // 0 running, 1 stopped. Writer: Stop. Readers: ingress threads.
    private int _stopped;

    public EngineShard(int shardId, EngineOptions options, ICommitPort commit, IPublishPort publish, IBookSource? source,
        CommandIdSource ids, TimeProvider? time = null, Action<Exception>? onFailure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(publish);
        ArgumentNullException.ThrowIfNull(ids);
        ShardId = shardId;
        _time = time ?? TimeProvider.System;
        _ring = RingBuffer<EngineSlot>.Create(ProducerType.Multi, options.RingSize, options.WaitStrategy());
        Arena = new EventArena(options.EventArenaCapacity);
        _wiring = new RingWiring<EngineSlot>(_ring, $"shard{shardId}", new StageExceptionHandler(onFailure));
        var match = new MatchStage(Books, Arena, Health, source, ids, options.ResyncRetryInterval);
        var commitStage = new CommitStage(_ring, Arena, commit, Health, options.MaxCommitBatch, shardId, onFailure);
        var publishStage = new PublishStage(_ring, Arena, publish, options.MaxCommitBatch, shardId, onFailure);
        var completeStage = new CompleteStage(_ring, Arena, options.MaxCommitBatch, onFailure);
        if (options.ThreadPerStage)
        {
            _wiring.HandleEventsWith(match).Then(commitStage).Then(publishStage).Then(completeStage);
        }
        else
        {
            _wiring.HandleEventsWith(match).Then(new SettleStage(commitStage, publishStage, completeStage, options.MaxCommitBatch));
        }
    }

    public int ShardId { get; }

    public BookRegistry Books { get; } = new();

    public ShardHealth Health { get; } = new();

    public EventArena Arena { get; }

    /// <summary>Slots currently free for ingress.</summary>
    public long FreeSlots => _ring.RemainingCapacity();

    /// <summary>Adds a pair's book (new, or rebuilt by recovery). Safe while running.</summary>
    public void AddBook(int pairId, OrderBookSpec spec, OrderBook? book = null, bool halted = false) =>
        Books.Add(new PairBook(pairId, spec, book ?? new OrderBook(spec), halted));

    public void Start() => _wiring.Start();

    /// <summary>
    /// Queues a command without waiting: false at once when the ring is full (the server answers
    /// RESOURCE_EXHAUSTED). Stamps the ring sequence and the timestamp.
    /// </summary>
    public SubmitResult TrySubmit(in EngineCommand command, ICommandCompletion? completion)
    {
        if (Volatile.Read(ref _stopped) != 0)
        {
            return SubmitResult.Stopped;
        }

        if (!_ring.TryNext(out var sequence))
        {
            return SubmitResult.RingFull;
        }

        Fill(sequence, in command, completion);
        return SubmitResult.Accepted;
    }

    /// <summary>Queues a command, waiting while the ring is full: for batch producers (replay, load generators).</summary>
    public SubmitResult Submit(in EngineCommand command, ICommandCompletion? completion)
    {
        if (Volatile.Read(ref _stopped) != 0)
        {
            return SubmitResult.Stopped;
        }

        Fill(_ring.Next(), in command, completion);
        return SubmitResult.Accepted;
    }

    private void Fill(long sequence, in EngineCommand command, ICommandCompletion? completion)
    {
        ref var slot = ref _ring[sequence];
        slot.Command = command;
        slot.Command.Sequence = sequence;
        slot.Command.Timestamp = (_time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

        slot.Completion = completion;
        slot.IngressTicks = Stopwatch.GetTimestamp();
        slot.Status = CommandStatus.Pending;
        slot.EventStart = 0;
        slot.EventCount = 0;
        _ring.Publish(sequence);
    }

    /// <summary>Refuses new commands, finishes every queued one (their callers are told), then stops the threads.</summary>
    public bool Stop(TimeSpan timeout)
    {
        Volatile.Write(ref _stopped, 1);
        return _wiring.Drain(timeout);
    }

    /// <summary>Stops the threads at once; queued commands stay queued (a later <see cref="Stop"/> finishes them).</summary>
    public bool Halt(TimeSpan timeout) => _wiring.Halt(timeout);

    /// <summary>Routes stage exceptions that escaped a handler to the engine's failure callback; the stage goes on.</summary>
    private sealed class StageExceptionHandler(Action<Exception>? onFailure) : IExceptionHandler<EngineSlot>
    {
        public void HandleEventException(Exception exception, long sequence, ref EngineSlot data) => onFailure?.Invoke(exception);

        public void HandleOnStartException(Exception exception) => onFailure?.Invoke(exception);

        public void HandleOnShutdownException(Exception exception) => onFailure?.Invoke(exception);

        public void HandleOnTimeoutException(Exception exception, long sequence) => onFailure?.Invoke(exception);
    }
}
