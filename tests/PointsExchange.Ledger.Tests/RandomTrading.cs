namespace PointsExchange.Ledger.Tests;

/// <summary>
/// Seeded random trading through the engine into the real ledger: commands go in waves submitted at
/// once, so the commit stage really groups them into batches, and every outcome is checked.
/// </summary>
internal static class RandomTrading
{
    /// <param name="clientOrderIds">Places and replaces carry a new client order id each (<c>c1</c>, <c>c2</c>, ...).</param>
    public static async Task RunAsync(TradingScenario market, int seed, int commands, int wave, bool clientOrderIds = false)
    {
        var stream = new RandomCommandStream(seed, accounts: market.Members.Length);
        var named = 0;
        for (var done = 0; done < commands; done += wave)
        {
            var batch = Enumerable.Range(0, Math.Min(wave, commands - done)).Select(_ => ToMembers(stream.Next(), market.Members)).ToList();
            var outcomes = await Task.WhenAll(batch.Select(c =>
                market.RunAsync(c, clientOrderIds && c.Type is CommandType.Place or CommandType.Replace ? $"c{++named}" : null)));
            foreach (var outcome in outcomes)
            {
                Assert.True(outcome.Status == CommandStatus.Executed, $"{outcome.Status}: {string.Join(" | ", market.Failures.Select(f => f.Message))}");
                stream.Observe(outcome.Events);
                outcome.Dispose();
            }
        }
    }

    /// <summary>
    /// The stream's accounts 1..n become the scenario's members; anything else stays (and is rejected).
    /// Places get their ids from the engine, as in production: the stream reuses ids of finished orders
    /// to test the book, but ids are unique for ever in the ledger.
    /// </summary>
    private static OrderCommand ToMembers(OrderCommand c, long[] members)
    {
        if (c.Type == CommandType.Place)
        {
            c.OrderId = 0;
        }

        if (c.AccountId >= 1 && c.AccountId <= members.Length)
        {
            c.AccountId = members[c.AccountId - 1];
        }

        return c;
    }
}
