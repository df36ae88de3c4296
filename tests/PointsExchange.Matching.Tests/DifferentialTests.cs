using Xunit.Abstractions;

namespace PointsExchange.Matching.Tests;

/// <summary>
/// The fast book against the reference book on long seeded random streams: every event of every
/// command must be equal, the depth must agree along the way, and the state hashes must match.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private const int CommandsPerSeed = 120_000;

    /// <param name="dormantFloor">0 purges emptied levels as soon as they outnumber live ones; 1024 (the default) keeps them.</param>
    [Theory]
    [InlineData(1, 1024)]
    [InlineData(2, 0)]
    [InlineData(3, 1024)]
    [InlineData(20261123, 0)]
    [InlineData(987654321, 1024)]
    [InlineData(42, 0)]
    public void Fast_book_emits_exactly_the_reference_books_events(int seed, int dormantFloor)
    {
        var stream = new RandomCommandStream(seed);
        var fast = new OrderBook(RandomCommandStream.Spec, initialOrderCapacity: 64) { DormantLevelFloor = dormantFloor };
        var reference = new ReferenceOrderBook(RandomCommandStream.Spec);
        var kinds = new int[8];
        var maxResting = 0;

        for (var i = 0; i < CommandsPerSeed; i++)
        {
            var command = stream.Next();
            var expected = reference.Execute(in command);
            var actual = fast.Run(in command);
            stream.Observe(actual);

            var differs = FirstDifference(expected, actual);
            if (differs >= 0)
            {
                Assert.Fail($"seed {seed}, command #{i}: {command.Type} {Describe(command)}\n" +
                    $"first differing event #{differs}:\n  reference: {At(expected, differs)}\n  fast:      {At(actual, differs)}");
            }

            foreach (var e in actual)
            {
                kinds[(int)e.Kind]++;
            }

            maxResting = Math.Max(maxResting, fast.OrderCount);
            if (i % 997 == 0)
            {
                Assert.True(reference.StateHash() == fast.StateHash(), $"seed {seed}: state hashes differ after command #{i}");
                Assert.Equal(reference.Depth(Side.Buy), fast.Depth(Side.Buy));
                Assert.Equal(reference.Depth(Side.Sell), fast.Depth(Side.Sell));
            }
        }

        Assert.Equal(reference.OrderCount, fast.OrderCount);
        Assert.Equal(reference.StateHash(), fast.StateHash());

        // The stream must really have exercised the rules, or equality proves little.
        Assert.True(kinds[(int)MatchEventKind.Trade] > CommandsPerSeed / 10, "too few trades");
        Assert.True(kinds[(int)MatchEventKind.Rejected] > CommandsPerSeed / 50, "too few rejections");
        Assert.True(kinds[(int)MatchEventKind.Expired] > CommandsPerSeed / 50, "too few expiries");
        Assert.True(kinds[(int)MatchEventKind.Amended] > 100, "too few amends");
        Assert.True(kinds[(int)MatchEventKind.Replaced] > 1000, "too few replaces");
        output.WriteLine($"seed {seed}: events by kind {string.Join(", ", Enum.GetValues<MatchEventKind>().Select(k => $"{k}={kinds[(int)k]}"))}; " +
            $"max resting {maxResting}, final {fast.OrderCount}, trades {fast.LastTradeId}");
    }

    private static int FirstDifference(List<MatchEvent> expected, List<MatchEvent> actual)
    {
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            if (i >= expected.Count || i >= actual.Count || !expected[i].Equals(actual[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string At(List<MatchEvent> events, int i) => i < events.Count ? events[i].ToString() : "(none)";

    private static string Describe(in OrderCommand c) =>
        $"id={c.OrderId} account={c.AccountId} side={c.Side} type={c.OrderType} tif={c.TimeInForce} postOnly={c.PostOnly} " +
        $"stp={c.SelfTradePrevention} price={c.Price} quantity={c.Quantity}";
}
