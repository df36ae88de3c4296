namespace PointsExchange.Sequencing.Tests;

/// <summary>Which mark a <see cref="MarkingHandler"/> writes into the slot.</summary>
public enum Mark
{
    None = 0,
    A = 1,
    B = 2,
}

/// <summary>
/// A pipeline or diamond stage: checks that the marks of the stages it depends on are already in the
/// slot (for this lap: the mark equals the sequence), then writes its own mark.
/// </summary>
public sealed class MarkingHandler(bool requireA, bool requireB, Mark write, int slowEvery = 0) : IEventHandler<TestEvent>
{
    private long _count;
    private string? _error;

    public long Count => Volatile.Read(ref _count);

    public string? Error => Volatile.Read(ref _error);

    public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
    {
        if (data.Stamp != sequence)
        {
            Fail($"slot {sequence} carries stamp {data.Stamp}");
        }

        if (requireA && data.MarkA != sequence)
        {
            Fail($"slot {sequence} reached this stage before stage A marked it (MarkA = {data.MarkA})");
        }

        if (requireB && data.MarkB != sequence)
        {
            Fail($"slot {sequence} reached this stage before stage B marked it (MarkB = {data.MarkB})");
        }

        if (slowEvery > 0 && sequence % slowEvery == 0)
        {
            Thread.Yield();
        }

        if (write == Mark.A)
        {
            data.MarkA = sequence;
        }
        else if (write == Mark.B)
        {
            data.MarkB = sequence;
        }

        Volatile.Write(ref _count, _count + 1);
    }

    private void Fail(string message) => Interlocked.CompareExchange(ref _error, message, null);
}
