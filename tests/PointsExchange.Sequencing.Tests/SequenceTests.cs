namespace PointsExchange.Sequencing.Tests;

public class SequenceTests
{
    [Fact]
    public void New_sequence_starts_before_the_first_slot() => Assert.Equal(-1, new Sequence().Value);

    [Fact]
    public void Compare_and_set_changes_the_value_only_from_the_expected_one()
    {
        var sequence = new Sequence(5);

        Assert.False(sequence.CompareAndSet(4, 9));
        Assert.Equal(5, sequence.Value);
        Assert.True(sequence.CompareAndSet(5, 9));
        Assert.Equal(9, sequence.Value);
        Assert.Equal(12, sequence.AddAndGet(3));
    }

    [Fact]
    public void Each_sequence_takes_at_least_two_cache_lines_so_neighbours_never_share_its_line()
    {
        const int Count = 1000;
        var keep = new Sequence[Count];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Count; i++)
        {
            keep[i] = new Sequence();
        }

        long perSequence = (GC.GetAllocatedBytesForCurrentThread() - before) / Count;

        Assert.True(perSequence >= 128, $"a Sequence takes {perSequence} bytes");
        GC.KeepAlive(keep);
    }
}
