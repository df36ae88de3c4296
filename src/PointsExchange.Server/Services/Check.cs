using System.Text.RegularExpressions;
using Grpc.Core;
using PointsExchange.Grains;
using PointsExchange.Ledger;

namespace PointsExchange.Server.Services;

/// <summary>Input checks that answer with the API's status codes and name the field at fault.</summary>
internal static partial class Check
{
    public static RpcException Invalid(string field, string why) => new(new Status(StatusCode.InvalidArgument, $"{field}: {why}"));

    public static RpcException NotFound(string field, string why) => new(new Status(StatusCode.NotFound, $"{field}: {why}"));

    public static long Positive(long value, string field) => value > 0 ? value : throw Invalid(field, $"must be positive, got {value}");

    public static long NotNegative(long value, string field) => value >= 0 ? value : throw Invalid(field, $"must not be negative, got {value}");

    public static string Text(string value, string field, int min, int max) =>
        value.Length >= min && value.Length <= max && !value.Any(char.IsControl)
            ? value
            : throw Invalid(field, min > 0 ? $"must be {min} to {max} printable characters" : $"must be at most {max} printable characters");

    public static string CurrencyCode(string value, string field) =>
        CodePattern().IsMatch(value) ? value : throw Invalid(field, $"'{Clip(value)}' is not a currency code ([A-Z][A-Z0-9]{{1,11}})");

    public static int PageSize(int value, int max = 500) =>
        value == 0 ? 50 : value is > 0 and <= 1_000 && value <= max ? value : throw Invalid("page_size", $"must be 1 to {max}, got {value}");

    public static long PageToken(string token, string field = "page_token") =>
        token.Length == 0 ? long.MaxValue
        : long.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 ? v
        : throw Invalid(field, "not a token this server issued");

    public static ValueTask<PairInfo> PairAsync(PostgresLedger ledger, string symbol)
    {
        if (symbol.Length == 0)
        {
            throw Invalid("symbol", "required, e.g. HOTEL-AIRMILES");
        }

        // Every order names its pair: a cached one is answered without a task.
        var find = ledger.FindPairAsync(symbol.Length <= 25 ? symbol : "");
        return find.IsCompletedSuccessfully ? new ValueTask<PairInfo>(find.Result ?? throw UnknownPair(symbol)) : ReadAsync(find, symbol);

        static async ValueTask<PairInfo> ReadAsync(ValueTask<PairInfo?> find, string symbol) => await find ?? throw UnknownPair(symbol);
    }

    private static RpcException UnknownPair(string symbol) => NotFound("symbol", $"no pair '{Clip(symbol)}'");

    /// <summary>Throws the outcome's error as its gRPC status, if it has one.</summary>
    public static OrderOutcome Ok(OrderOutcome outcome) =>
        outcome.Error == Grains.StatusCodes.Ok ? outcome : throw new RpcException(new Status((StatusCode)outcome.Error, outcome.Message));

    public static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "...";

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,11}$")]
    private static partial Regex CodePattern();
}
