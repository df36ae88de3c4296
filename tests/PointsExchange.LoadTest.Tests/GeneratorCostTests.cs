namespace PointsExchange.LoadTest.Tests;

public sealed class GeneratorCostTests
{
    [Fact]
    public void Collections_between_two_marks_are_counted_per_generation()
    {
        var before = GeneratorCost.Mark.Now();
        GC.KeepAlive(new byte[3_000_000]);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        var after = GeneratorCost.Mark.Now();

        var cost = GeneratorCost.Between(before, after);

        // .NET counts a gen-2 collection in every younger generation too: at least 2 of gen 0, 1 of gen 1, 1 of gen 2.
        Assert.True(cost.Gen0Collections >= 2, $"{cost.Gen0Collections} of gen 0");
        Assert.True(cost.Gen1Collections >= 1, $"{cost.Gen1Collections} of gen 1");
        Assert.True(cost.Gen2Collections >= 1, $"{cost.Gen2Collections} of gen 2");
        Assert.True(cost.AllocatedMb >= 3, $"{cost.AllocatedMb} MB allocated");
        Assert.True(cost.GcPauseMs > 0, "two blocking collections paused for no time");
        Assert.True(cost.CpuMs >= 0 && cost.CpuShareOfOneCore >= 0);
    }

    [Fact]
    public void The_same_mark_twice_costs_nothing()
    {
        var mark = GeneratorCost.Mark.Now();

        Assert.Equal(new GeneratorCost(0, 0, 0, 0, 0, 0, 0), GeneratorCost.Between(mark, mark));
    }
}
