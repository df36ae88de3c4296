using PointsExchange.Engine;
using PointsExchange.Ledger;
using PointsExchange.Matching;

namespace PointsExchange.Testing;

/// <summary>
/// A small exchange on a real ledger: two merchants with HOTEL and AIRMILES points, the HOTEL-AIRMILES
/// pair, members holding both, and an engine whose commit port and book source is the ledger.
/// </summary>
public sealed class TradingScenario : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private TradingScenario(PostgresTestDatabase database, PostgresLedger ledger, PairInfo pair, long[] members, EngineOptions options)
    {
        Database = database;
        Ledger = ledger;
        Pair = pair;
        Members = members;
        Options = options;
        Engine = StartEngine(ledger);
    }

    public PostgresTestDatabase Database { get; }

    public PostgresLedger Ledger { get; }

    public MatchingEngine Engine { get; private set; }

    public PairInfo Pair { get; }

    public long[] Members { get; }

    public long HotelMerchant { get; private init; }

    public EngineOptions Options { get; }

    public CompletionPool Pool { get; } = new();

    public List<Exception> Failures { get; } = [];

    /// <param name="funding">Points of each currency every member gets.</param>
    public static async Task<TradingScenario> CreateAsync(PostgresTestDatabase database, int members = 4, long funding = 1_000_000,
        int makerFeeBps = 10, int takerFeeBps = 25, EngineOptions? options = null, int? copyThreshold = null, int? settlementNice = null,
        int? recentOrders = null)
    {
        var ledger = database.OpenLedger(copyThreshold, settlementNice, recentOrders);
        var hotel = await ledger.CreateAccountAsync("Hotel merchant", AccountRole.Merchant);
        var air = await ledger.CreateAccountAsync("Airline merchant", AccountRole.Merchant);
        await ledger.CreateCurrencyAsync("HOTEL", "Hotel points", hotel, 100, 0);
        await ledger.CreateCurrencyAsync("AIRMILES", "Air miles", air, 150, 0);
        var pair = await ledger.CreatePairAsync("HOTEL", "AIRMILES", lotSize: 100, tickSize: 5, minQuantity: 1, makerFeeBps, takerFeeBps);
        var ids = new long[members];
        for (var i = 0; i < members; i++)
        {
            ids[i] = await ledger.CreateAccountAsync($"member {i + 1}", AccountRole.User);
            if (funding > 0)
            {
                await ledger.IssueAsync(hotel, "HOTEL", ids[i], funding, $"fund-h-{i}", "sign-up bonus");
                await ledger.IssueAsync(air, "AIRMILES", ids[i], funding, $"fund-a-{i}", "sign-up bonus");
            }
        }

        return new TradingScenario(database, ledger, pair, ids, options ?? new EngineOptions()) { HotelMerchant = hotel };
    }

    /// <summary>Stops the engine (draining it) and starts a new one whose books are rebuilt from the ledger.</summary>
    public void Restart()
    {
        Engine.Stop(Patience);
        Engine = StartEngine(Ledger);
    }

    public async Task<PooledCompletion> RunAsync(OrderCommand order, string? clientOrderId = null)
    {
        var completion = Pool.Rent();
        var command = EngineCommand.ForOrder(Pair.PairId, order, clientOrderId);
        if (Engine.TrySubmit(in command, completion) != SubmitResult.Accepted)
        {
            throw new InvalidOperationException("the engine did not take the command");
        }

        await completion.WaitAsync().AsTask().WaitAsync(Patience);
        return completion;
    }

    public OrderBook Book => Engine.ShardOf(Pair.PairId).Books.Get(Pair.PairId)!.Book;

    private MatchingEngine StartEngine(PostgresLedger ledger)
    {
        var engine = new MatchingEngine(Options with { FirstCommandId = ledger.NextCommandId() }, ledger, new RecordingPublisher(), ledger,
            onFailure: Failures.Add);
        var recovered = ledger.Load(Pair.PairId, Pair.Spec);
        engine.AddPair(Pair.PairId, Pair.Spec, recovered.Book, recovered.Halted);
        engine.Start();
        return engine;
    }

    public void Dispose()
    {
        Engine.Stop(Patience);
        Ledger.Dispose();
    }
}
