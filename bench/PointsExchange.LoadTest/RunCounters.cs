using Grpc.Core;
using PointsExchange.Contracts.V1;

namespace PointsExchange.LoadTest;

/// <summary>
/// What happened to the requests, per kind and per status code, the warm-up apart from the measured window.
/// Rejections the mix must expect are counted apart from unexpected errors, never dropped: a cancel or replace
/// of an order that a fill (or self-trade prevention) ended meanwhile answers FAILED_PRECONDITION or NOT_FOUND.
/// An IOC, FOK or market order that expires is accepted (status EXPIRED), not an error.
/// </summary>
internal sealed class RunCounters
{
    private readonly Lock _gate = new();
    private readonly KindCounts[] _measured = [.. OrderMix.Kinds.Select(_ => new KindCounts())];
    private readonly KindCounts _warmup = new();
    private readonly SortedDictionary<(string Code, bool Expected), CodeCount> _codes = [];
    private readonly SortedDictionary<(string Code, bool Expected), CodeCount> _warmupCodes = [];
    private long _unmatched;
    private string _unmatchedExample = "";

    /// <summary>Whether a rejection is one the mix causes by design rather than a fault.</summary>
    public static bool IsExpected(OrderKind kind, int code) =>
        kind is OrderKind.Cancel or OrderKind.Replace && code is (int)StatusCode.NotFound or (int)StatusCode.FailedPrecondition;

    public void Sent(LoadRequest request)
    {
        lock (_gate)
        {
            (request.Measured ? _measured[(int)request.Kind] : _warmup).Sent++;
        }
    }

    /// <summary>Takes back <see cref="Sent"/> for a request that was never handed over.</summary>
    public void Unsent(LoadRequest request)
    {
        lock (_gate)
        {
            (request.Measured ? _measured[(int)request.Kind] : _warmup).Sent--;
        }
    }

    public void Answered(LoadRequest request, Answer answer)
    {
        lock (_gate)
        {
            var counts = request.Measured ? _measured[(int)request.Kind] : _warmup;
            counts.Answered++;
            counts.Fills += answer.Fills;
            if (answer.Accepted)
            {
                counts.Accepted++;
                switch (answer.Order?.Status)
                {
                    case OrderStatus.Filled:
                        counts.Filled++;
                        break;
                    case OrderStatus.PartiallyFilled:
                        counts.PartiallyFilled++;
                        break;
                    case OrderStatus.Expired:
                        counts.Expired++;
                        break;
                    case OrderStatus.Cancelled:
                        counts.Cancelled++;
                        break;
                    default:
                        counts.Resting++;
                        break;
                }

                return;
            }

            var expected = IsExpected(request.Kind, answer.Code);
            if (expected)
            {
                counts.Expected++;
            }
            else
            {
                counts.Unexpected++;
            }

            var codes = request.Measured ? _codes : _warmupCodes;
            var key = (Answer.CodeName(answer.Code), expected);
            if (!codes.TryGetValue(key, out var count))
            {
                codes[key] = count = new CodeCount { Example = answer.Message };
            }

            count.Count++;
            count.Kinds.Add(OrderMix.Name(request.Kind));
        }
    }

    public void Unmatched(ExecutionReport report)
    {
        lock (_gate)
        {
            _unmatched++;
            _unmatchedExample = $"client_order_id '{report.ClientOrderId}', error_code {report.ErrorCode}";
        }
    }

    public CountsSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new CountsSnapshot(
                [.. _measured.Select(c => c with { })],
                _warmup with { },
                [.. _codes.Select(c => new CodeSummary(c.Key.Code, c.Key.Expected, c.Value.Count, [.. c.Value.Kinds], c.Value.Example))],
                [.. _warmupCodes.Select(c => new CodeSummary(c.Key.Code, c.Key.Expected, c.Value.Count, [.. c.Value.Kinds], c.Value.Example))],
                _unmatched,
                _unmatchedExample);
        }
    }

    private sealed class CodeCount
    {
        public long Count { get; set; }

        public SortedSet<string> Kinds { get; } = new(StringComparer.Ordinal);

        public string Example { get; init; } = "";
    }
}
