namespace PointsExchange.Sequencing;

/// <summary>
/// Consumers that run in parallel on the same slots, as wired by <see cref="RingWiring{T}"/>.
/// <see cref="Then"/> adds consumers that see a slot only after every consumer of this group has.
/// </summary>
public sealed class ConsumerGroup<T>
    where T : struct
{
    private readonly RingWiring<T> _wiring;
    private readonly BatchEventProcessor<T>[] _processors;

    internal ConsumerGroup(RingWiring<T> wiring, BatchEventProcessor<T>[] processors)
    {
        _wiring = wiring;
        _processors = processors;
    }

    /// <summary>The processors of this group, one per handler, in the order given.</summary>
    public IReadOnlyList<BatchEventProcessor<T>> Processors => _processors;

    /// <summary>The progress sequences of this group's consumers.</summary>
    public Sequence[] Sequences => Array.ConvertAll(_processors, p => p.Sequence);

    /// <summary>
    /// Adds one consumer per handler, each gated on every consumer of this group (pipeline step, or the
    /// join of a diamond when this group has several consumers).
    /// </summary>
    public ConsumerGroup<T> Then(params IEventHandler<T>[] handlers) => _wiring.AddConsumers(this, handlers);
}
