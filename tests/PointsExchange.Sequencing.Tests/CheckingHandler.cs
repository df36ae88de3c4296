namespace PointsExchange.Sequencing.Tests;

/// <summary>
/// A consumer that checks, on its own thread, that it sees every sequence once and in order, that each
/// slot still carries the stamp of the producer that filled it (so it was not overwritten under the
/// consumer), and that each producer's counter goes up by exactly one. Records the first violation.
/// </summary>
public sealed class CheckingHandler : IEventHandler<TestEvent>
{
    private readonly long[] _lastCounter;
    private readonly int _slowEvery;
    private long _expectedSequence;
    private long _count;
    private string? _error;

    /// <param name="producers">Number of producer ids to track.</param>
    /// <param name="slowEvery">When above zero, every slowEvery-th event lingers on the slot and re-reads it.</param>
    public CheckingHandler(int producers, int slowEvery = 0)
    {
        _lastCounter = new long[producers];
        _lastCounter.AsSpan().Fill(-1);
        _slowEvery = slowEvery;
    }

    /// <summary>Events handled. Read it after the processor thread has been joined.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>The first violation seen, or null. Read it after the processor thread has been joined.</summary>
    public string? Error => Volatile.Read(ref _error);

    /// <summary>The last counter seen per producer.</summary>
    public IReadOnlyList<long> LastCounters => _lastCounter;

    public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
    {
        if (sequence != _expectedSequence)
        {
            Fail($"expected sequence {_expectedSequence}, got {sequence}");
        }

        if (data.Stamp != sequence)
        {
            Fail($"slot {sequence} carries stamp {data.Stamp}: overwritten or not yet written");
        }

        if (_slowEvery > 0 && sequence % _slowEvery == 0)
        {
            // Stay on the slot for a while: a producer that ignored this consumer would overwrite it now.
            for (int i = 0; i < 20; i++)
            {
                Thread.Yield();
            }

            if (Volatile.Read(ref data.Stamp) != sequence)
            {
                Fail($"slot {sequence} was overwritten while the consumer was reading it");
            }
        }

        int producer = data.ProducerId;
        if (data.Counter != _lastCounter[producer] + 1)
        {
            Fail($"producer {producer}: counter {data.Counter} after {_lastCounter[producer]} at sequence {sequence}");
        }

        _lastCounter[producer] = data.Counter;
        _expectedSequence = sequence + 1;
        Volatile.Write(ref _count, _count + 1);
    }

    private void Fail(string message) => Interlocked.CompareExchange(ref _error, message, null);
}
