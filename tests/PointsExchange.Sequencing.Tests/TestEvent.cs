namespace PointsExchange.Sequencing.Tests;

/// <summary>The slot type of the tests: what the producer stamped and what upstream consumers marked.</summary>
public struct TestEvent
{
    /// <summary>The sequence the producer claimed for this slot, written last before publish.</summary>
    public long Stamp;

    public int ProducerId;

    /// <summary>0, 1, 2, ... per producer.</summary>
    public long Counter;

    /// <summary>Set to -1 by the producer; stage A writes the sequence here.</summary>
    public long MarkA;

    /// <summary>Set to -1 by the producer; stage B writes the sequence here.</summary>
    public long MarkB;
}
