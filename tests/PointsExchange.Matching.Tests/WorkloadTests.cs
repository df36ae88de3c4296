namespace PointsExchange.Matching.Tests;

/// <summary>The benchmark workloads must have the shape they claim, or the figures compare with nothing.</summary>
public sealed class WorkloadTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void The_exchange_core_mix_has_the_published_shape()
    {
        var workload = Workloads.ExchangeCoreMix(200_000);
        var s = workload.Stats;
        output.WriteLine(s.ToString());

        Assert.InRange(s.PlaceGtcShare, 0.07, 0.11);
        Assert.InRange(s.PlaceIocShare, 0.025, 0.035);
        Assert.InRange(s.CancelShare, 0.04, 0.08);
        Assert.InRange(s.MoveShare, 0.80, 0.84);
        Assert.InRange(s.TradingShare, 0.045, 0.075);
        Assert.InRange(s.AverageResting, 900, 1_100);
        Assert.InRange(s.AverageLevels, 650, 850);
    }

    [Fact]
    public void Replaying_a_workload_gives_the_same_book_every_time()
    {
        var workload = Workloads.ExchangeCoreMix(20_000, seed: 3);

        static ulong Replay(Workload w)
        {
            var book = w.NewBook();
            foreach (var c in w.Commands)
            {
                book.Run(in c);
            }

            return book.StateHash();
        }

        Assert.Equal(Replay(workload), Replay(workload));
    }
}
