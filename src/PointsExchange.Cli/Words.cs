using System.Globalization;
using PointsExchange.Contracts.V1;

namespace PointsExchange.Cli;

/// <summary>The words people type, into the contract's enums, with a usage error that names the option.</summary>
internal static class Words
{
    public static Side Side(string word) => word.ToLowerInvariant() switch
    {
        "buy" => Contracts.V1.Side.Buy,
        "sell" => Contracts.V1.Side.Sell,
        _ => throw new UsageException($"side: '{word}' is not buy or sell"),
    };

    public static OrderType Type(string word) => word.ToLowerInvariant() switch
    {
        "limit" => OrderType.Limit,
        "market" => OrderType.Market,
        _ => throw new UsageException($"--type: '{word}' is not limit or market"),
    };

    public static TimeInForce Tif(string word) => word.ToLowerInvariant() switch
    {
        "gtc" => TimeInForce.Gtc,
        "ioc" => TimeInForce.Ioc,
        "fok" => TimeInForce.Fok,
        _ => throw new UsageException($"--tif: '{word}' is not gtc, ioc or fok"),
    };

    public static SelfTradePrevention Stp(string word) => word.ToLowerInvariant() switch
    {
        "expire-maker" => SelfTradePrevention.ExpireMaker,
        "expire-taker" => SelfTradePrevention.ExpireTaker,
        "expire-both" => SelfTradePrevention.ExpireBoth,
        _ => throw new UsageException($"--stp: '{word}' is not expire-maker, expire-taker or expire-both"),
    };

    public static Role Role(string word) => word.ToLowerInvariant() switch
    {
        "admin" => Contracts.V1.Role.Admin,
        "merchant" => Contracts.V1.Role.Merchant,
        "user" => Contracts.V1.Role.User,
        _ => throw new UsageException($"--role: '{word}' is not admin, merchant or user"),
    };

    /// <summary>price / lot size, the human rate in QUOTE per BASE point.</summary>
    public static string Rate(long price, long lotSize) =>
        lotSize <= 0 ? "" : (price / (decimal)lotSize).ToString("0.######", CultureInfo.InvariantCulture);

    public static string Show<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
    }
}
