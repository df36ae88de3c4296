using PointsExchange.Matching;

namespace PointsExchange.Engine.Tests;

/// <summary>An engine on in-process ports, plus helpers to submit and await like a grain would.</summary>
internal sealed class EngineHarness : IDisposable
{
    public static readonly OrderBookSpec Spec = RandomCommandStream.Spec;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public EngineHarness(EngineOptions? options = null, int[]? pairs = null, TimeProvider? time = null)
    {
        Engine = new MatchingEngine(options ?? new EngineOptions(), Ledger, Publisher, Ledger, time, Failures.Add);
        foreach (var pair in pairs ?? [1])
        {
            Ledger.AddPair(pair, Spec);
            Engine.AddPair(pair, Spec);
        }

        Engine.Start();
    }

    public InMemoryLedger Ledger { get; } = new();

    public RecordingPublisher Publisher { get; } = new();

    public MatchingEngine Engine { get; }

    public CompletionPool Pool { get; } = new();

    public List<Exception> Failures { get; } = [];

    /// <summary>Submits and waits for the outcome; the returned completion must be disposed.</summary>
    public async Task<PooledCompletion> RunAsync(EngineCommand command)
    {
        var completion = Pool.Rent();
        var result = Engine.TrySubmit(in command, completion);
        Assert.Equal(SubmitResult.Accepted, result);
        await completion.WaitAsync().AsTask().WaitAsync(Patience);
        return completion;
    }

    public Task<PooledCompletion> RunAsync(int pairId, OrderCommand order) => RunAsync(EngineCommand.ForOrder(pairId, order));

    public OrderBook BookOf(int pairId) => Engine.ShardOf(pairId).Books.Get(pairId)!.Book;

    public void Dispose() => Engine.Stop(Patience);
}
