using PointsExchange.Contracts.V1;

namespace PointsExchange.LoadTest;

/// <summary>
/// One request of the run, from the moment the schedule wants it sent until its answer. Timestamps are
/// <see cref="System.Diagnostics.Stopwatch"/> ticks. Latency is measured from <see cref="Intended"/> (the schedule's
/// time, coordinated omission corrected); <see cref="SentAt"/> gives the uncorrected service time for comparison.
/// </summary>
internal sealed class LoadRequest(long sequence, OrderKind kind, int member, int pair, OrderEntryRequest message, string correlationId)
{
    private int _answered;

    public long Sequence { get; } = sequence;

    public OrderKind Kind { get; } = kind;

    public int Member { get; } = member;

    public int Pair { get; } = pair;

    public OrderEntryRequest Message { get; } = message;

    /// <summary>The client_order_id its execution report carries: a place's or replace's new id, or the cancelled order's id.</summary>
    public string CorrelationId { get; } = correlationId;

    /// <summary>The resting order a cancel or replace acts on (taken out of the open orders while the request is in flight).</summary>
    public OpenOrder? Target { get; init; }

    /// <summary>When the schedule meant it to be sent: the start of its latency.</summary>
    public long Intended { get; init; }

    /// <summary>When it was actually handed to the connection; set by the target.</summary>
    public long SentAt { get; set; }

    /// <summary>False during the warm-up: counted apart and not recorded.</summary>
    public bool Measured { get; init; }

    /// <summary>Completed when the answer has been handled (the closed loop waits on it).</summary>
    public TaskCompletionSource? Done { get; init; }

    /// <summary>True for the first answer only: a late report after the request was given up on is ignored.</summary>
    public bool TryAnswer() => Interlocked.Exchange(ref _answered, 1) == 0;
}
