using Microsoft.Extensions.Logging;
using PointsExchange.Engine;
using PointsExchange.Ledger;

namespace PointsExchange.Grains;

/// <summary>
/// The process's engine and ledger, shared by the grains of this silo. A pair's book is loaded from the
/// ledger (which fences it to this process) the first time its grain activates here.
/// </summary>
public sealed class EngineHost : IDisposable
{
    private readonly ILogger<EngineHost> _logger;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private MatchingEngine? _engine;

    public EngineHost(PostgresLedger ledger, IPublishPort publisher, EngineOptions options, ILogger<EngineHost> logger)
    {
        Ledger = ledger;
        Publisher = publisher;
        Options = options;
        _logger = logger;
    }

    public PostgresLedger Ledger { get; }

    public IPublishPort Publisher { get; }

    public EngineOptions Options { get; }

    public CompletionPool Completions { get; } = new();

    public MatchingEngine Engine => _engine ?? throw new InvalidOperationException("the engine has not started");

    /// <summary>Migrates the ledger and starts the engine with ids above every id the ledger has seen.</summary>
    public void Start()
    {
        var applied = Ledger.Open();
        if (applied.Count > 0)
        {
            _logger.LogInformation("Ledger migrations applied: {Versions}", string.Join(", ", applied));
        }

        _engine = new MatchingEngine(Options with { FirstCommandId = Ledger.NextCommandId() }, Ledger, Publisher, Ledger,
            onFailure: e => _logger.LogError(e, "Engine stage failure"));
        _engine.Start();
        _logger.LogInformation("Engine started: {Shards} shard(s), ring {RingSize} slots", Options.Shards, Options.RingSize);
    }

    /// <summary>
    /// Loads a pair's book from the ledger into the engine unless it is there already. When it is (the pair's grain
    /// left this silo and came back), the ledger answers the pair's order look-ups from memory again, from its next
    /// commit on (see <c>RecentOrders.Own</c>).
    /// </summary>
    public async Task EnsurePairAsync(int pairId)
    {
        if (Engine.HasPair(pairId))
        {
            Ledger.Recent.Own(pairId);
            return;
        }

        await _loading.WaitAsync();
        try
        {
            if (Engine.HasPair(pairId))
            {
                return; // loaded by another caller meanwhile, whose Load owned the pair
            }

            // The ledger's calls are synchronous (they run on engine threads); keep them off the grain scheduler.
            var (pair, recovered) = await Task.Run(() =>
            {
                var info = Ledger.Pair(pairId);
                var loaded = Ledger.Load(pairId, info.Spec);
                (Publisher as IBookObserver)?.OnBookLoaded(info, loaded.Book);
                return (info, loaded);
            });
            Engine.AddPair(pairId, pair.Spec, recovered.Book, recovered.Halted);
            _logger.LogInformation("Book {Symbol} loaded: {Orders} open orders, last trade {TradeId}", pair.Symbol,
                recovered.Book.OrderCount, recovered.Book.LastTradeId);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Hands an order command of a pair loaded here to its book and waits for its committed outcome.</summary>
    public Task<OrderOutcome> ExecuteAsync(OrderRequest request) =>
        SubmitAsync(EngineCommand.ForOrder(request.PairId, request.ToCommand(), request.ClientOrderId));

    public async Task<OrderOutcome> SubmitAsync(EngineCommand command)
    {
        using var completion = Completions.Rent();
        var submitted = Engine.TrySubmit(in command, completion);
        if (submitted != SubmitResult.Accepted)
        {
            return submitted == SubmitResult.RingFull
                ? OrderOutcome.Failed(StatusCodes.ResourceExhausted, "the engine's queue is full; slow down and retry")
                : OrderOutcome.Failed(StatusCodes.Unavailable, $"the engine did not take the command ({submitted})");
        }

        await completion.WaitAsync();
        return completion.ToOutcome();
    }

    /// <summary>Refuses new commands, lets every queued one finish and be answered, then stops.</summary>
    public bool Stop(TimeSpan timeout) => _engine?.Stop(timeout) ?? true;

    public void Dispose()
    {
        _loading.Dispose();
        Ledger.Dispose();
    }
}

/// <summary>Told when a book is loaded, before any command reaches it (market data builds its view from it); on a thread-pool thread, so it may wait on the ledger.</summary>
public interface IBookObserver
{
    void OnBookLoaded(PairInfo pair, Matching.OrderBook book);
}
