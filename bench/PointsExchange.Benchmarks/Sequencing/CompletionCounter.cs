using System.Runtime.InteropServices;

namespace PointsExchange.Benchmarks.Sequencing;

/// <summary>
/// Lets the benchmark thread wait until the last consumer has seen the invocation's events. Used the same
/// way by the ring and the channel benchmarks.
/// </summary>
public sealed class CompletionCounter
{
    private readonly ManualResetEventSlim _done = new();

    // Written by the benchmark thread in Arm, before it publishes the invocation's first event; then read
    // and written by the consumer thread only, after it acquired that event (ring barrier or channel lock),
    // so plain fields suffice. Padded: the consumer writes them for every event, so they must not share a
    // line with anything the producer touches per event (no measurable difference here, but it keeps the
    // harness from ever measuring its own false sharing).
    private PaddedCounters _state;

    public long Checksum => _state.Checksum;

    public void Arm(long events)
    {
        _done.Reset();
        _state.Remaining = events;
    }

    /// <summary>Consumer thread, once per event.</summary>
    public void Add(long value)
    {
        _state.Checksum += value;
        if (--_state.Remaining == 0)
        {
            _done.Set();
        }
    }

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedCounters
    {
        [FieldOffset(56)]
        public long Remaining;

        [FieldOffset(64)]
        public long Checksum;
    }

    public void Wait() => _done.Wait();
}
