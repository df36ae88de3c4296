using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace PointsExchange.Cli;

/// <summary>Numbers and times as people read them. Display only: amounts stay integers everywhere else.</summary>
internal static class Format
{
    /// <summary>Points, lots and prices with thousands separators: 1,250.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A price that may be unset (no trade yet, an empty side): "-" for 0.</summary>
    public static string Dash(long value) => value == 0 ? "-" : N(value);

    public static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The human rate, price / lot size QUOTE points per BASE point, as the server writes it (up to 12 decimals,
    /// no trailing zeros): 150 at lot 100 is "1.5". Empty when the lot size is unknown.
    /// </summary>
    public static string Rate(long price, long lotSize) =>
        lotSize <= 0 ? "" : price == 0 ? "0" : (price / (decimal)lotSize).ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>The rate from a lot-size table (symbol to lot size); empty when the symbol is not in it.</summary>
    public static string Rate(long price, string symbol, IReadOnlyDictionary<string, long> lotSizes) =>
        lotSizes.TryGetValue(symbol, out var lot) ? Rate(price, lot) : "";

    /// <summary>UTC time for a table: HH:mm:ss today (HH:mm when <paramref name="seconds"/> is false), MM-dd before; "-" when unset.</summary>
    public static string Time(Timestamp? time, bool seconds = true, DateTime? now = null)
    {
        if (time is null || (time.Seconds == 0 && time.Nanos == 0))
        {
            return "-";
        }

        var utc = time.ToDateTime();
        var format = utc.Date == (now ?? DateTime.UtcNow).Date ? seconds ? "HH:mm:ss" : "HH:mm" : "MM-dd";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>A full UTC time, to the millisecond: 2026-11-23 16:10:33.481 UTC.</summary>
    public static string FullTime(Timestamp? time) =>
        time is null || (time.Seconds == 0 && time.Nanos == 0)
            ? "-"
            : time.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " UTC";
}
