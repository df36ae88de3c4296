using PointsExchange.Matching;

namespace PointsExchange.Engine;

/// <summary>
/// Several shards in one process; each pair belongs to exactly one shard (pair id modulo the shard
/// count: fixed, so a pair's commands always meet the same ring in the same order).
/// </summary>
public sealed class MatchingEngine
{
    private readonly EngineShard[] _shards;

    public MatchingEngine(EngineOptions options, ICommitPort commit, IPublishPort publish, IBookSource? source = null,
        TimeProvider? time = null, Action<Exception>? onFailure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Shards);
        Ids = new CommandIdSource(options.FirstCommandId);
        _shards = new EngineShard[options.Shards];
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new EngineShard(i, options, commit, publish, source, Ids, time, onFailure);
        }
    }

    public IReadOnlyList<EngineShard> Shards => _shards;

    public CommandIdSource Ids { get; }

    public EngineShard ShardOf(int pairId) => _shards[(int)((uint)pairId % (uint)_shards.Length)];

    public void AddPair(int pairId, OrderBookSpec spec, OrderBook? book = null, bool halted = false) =>
        ShardOf(pairId).AddBook(pairId, spec, book, halted);

    public bool HasPair(int pairId) => ShardOf(pairId).Books.Get(pairId) is not null;

    public void Start()
    {
        foreach (var shard in _shards)
        {
            shard.Start();
        }
    }

    public SubmitResult TrySubmit(in EngineCommand command, ICommandCompletion? completion) =>
        HasPair(command.PairId) ? ShardOf(command.PairId).TrySubmit(in command, completion) : SubmitResult.UnknownPair;

    public SubmitResult Submit(in EngineCommand command, ICommandCompletion? completion) =>
        HasPair(command.PairId) ? ShardOf(command.PairId).Submit(in command, completion) : SubmitResult.UnknownPair;

    /// <summary>Graceful stop: every shard refuses new commands and finishes the queued ones.</summary>
    public bool Stop(TimeSpan timeout)
    {
        var stopped = true;
        foreach (var shard in _shards)
        {
            stopped &= shard.Stop(timeout);
        }

        return stopped;
    }
}
