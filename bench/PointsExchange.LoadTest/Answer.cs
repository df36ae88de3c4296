using Grpc.Core;
using PointsExchange.Contracts.V1;

namespace PointsExchange.LoadTest;

/// <summary>
/// How a request ended: <see cref="Code"/> 0 with the order as the exchange reported it, or a gRPC status code
/// (the execution report's error_code, or the unary call's RpcException) with its message. Codes below zero are
/// px-load's own: <see cref="NoAnswer"/>.
/// </summary>
internal readonly record struct Answer(int Code, string Message, Order? Order, int Fills)
{
    /// <summary>No answer arrived before the drain time ran out, or the session ended without one.</summary>
    public const int NoAnswer = -1;

    public bool Accepted => Code == 0;

    public static Answer FromReport(ExecutionReport report) =>
        new(report.ErrorCode, report.ErrorMessage, report.ErrorCode == 0 ? report.Order : null, report.Fills.Count);

    public static Answer FromOrder(Order order, int fills) => new(0, "", order, fills);

    public static Answer Failed(StatusCode code, string message) => new((int)code, message, null, 0);

    /// <summary>The code as API.md writes it: NOT_FOUND, FAILED_PRECONDITION, ...; NO_ANSWER for px-load's own.</summary>
    public static string CodeName(int code)
    {
        if (code == NoAnswer)
        {
            return "NO_ANSWER";
        }

        var name = Enum.IsDefined(typeof(StatusCode), code) ? ((StatusCode)code).ToString() : $"CODE_{code}";
        var snake = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && snake.Length > 0)
            {
                snake.Append('_');
            }

            snake.Append(char.ToUpperInvariant(c));
        }

        return snake.ToString();
    }
}
