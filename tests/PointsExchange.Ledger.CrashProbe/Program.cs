using System.Globalization;
using PointsExchange.Engine;
using PointsExchange.Ledger;
using PointsExchange.Matching;

// Usage: CrashProbe <connection string> <pair id> <account id> <account id>
// Trades crossing orders between two accounts in waves of 20 concurrent commands, for ever, and
// prints "ACK <order id>" for every order the engine acknowledged (committed). The test kills it
// with SIGKILL at a random moment and then checks that every acknowledged order is in the ledger.
var ledger = new PostgresLedger(new LedgerOptions { ConnectionString = args[0] });
ledger.Open();
var pairId = int.Parse(args[1], CultureInfo.InvariantCulture);
long[] accounts = [long.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture)];
var pair = ledger.Pair(pairId);
var engine = new MatchingEngine(new EngineOptions { FirstCommandId = ledger.NextCommandId() }, ledger, new NoMarketData(), ledger);
var recovered = ledger.Load(pairId, pair.Spec);
engine.AddPair(pairId, pair.Spec, recovered.Book, recovered.Halted);
engine.Start();
var pool = new CompletionPool();
Console.Out.WriteLine("READY");
Console.Out.Flush();

for (var round = 0; ; round++)
{
    var wave = Enumerable.Range(0, 20).Select(i =>
    {
        var side = (round + i) % 2 == 0 ? Side.Buy : Side.Sell;
        var completion = pool.Rent();
        var command = EngineCommand.ForOrder(pairId, OrderCommand.Limit(0, accounts[i % 2], side, 100 + (5 * (i % 3)), 1 + (i % 4)));
        engine.Submit(in command, completion);
        return completion;
    }).ToList();
    foreach (var completion in wave)
    {
        await completion.WaitAsync();
        if (completion.Status == CommandStatus.Executed)
        {
            Console.Out.WriteLine($"ACK {completion.Command.Order.OrderId}");
        }

        completion.Dispose();
    }

    Console.Out.Flush();
}

internal sealed class NoMarketData : IPublishPort
{
    public void Publish(in CommitBatch batch)
    {
    }
}
