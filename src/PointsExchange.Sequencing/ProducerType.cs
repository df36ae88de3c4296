namespace PointsExchange.Sequencing;

/// <summary>How many threads claim and publish slots on a ring.</summary>
public enum ProducerType
{
    /// <summary>Exactly one thread claims and publishes: plain counters, no atomic instructions.</summary>
    Single = 0,

    /// <summary>Any number of threads claim (atomic add) and publish (per-slot availability flags).</summary>
    Multi = 1,
}
