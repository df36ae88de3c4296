using System.Globalization;

namespace PointsExchange.LoadTest;

/// <summary>
/// The share of each kind of request, in whole percent summing to 100: <c>limit=35,cross=25,cancel=20,replace=15,market=5</c>.
/// The default keeps the books near a steady size: limit orders rest at about the rate that cancels, crossing
/// orders and market orders take them away.
/// </summary>
public sealed record OrderMix(int Limit, int Cross, int Cancel, int Replace, int Market)
{
    public static readonly OrderMix Default = new(35, 25, 20, 15, 5);

    public static readonly IReadOnlyList<OrderKind> Kinds = [OrderKind.Limit, OrderKind.Cross, OrderKind.Cancel, OrderKind.Replace, OrderKind.Market];

    public int PercentOf(OrderKind kind) => kind switch
    {
        OrderKind.Limit => Limit,
        OrderKind.Cross => Cross,
        OrderKind.Cancel => Cancel,
        OrderKind.Replace => Replace,
        _ => Market,
    };

    /// <summary>The kind for a roll of 0-99.</summary>
    public OrderKind Pick(int roll)
    {
        foreach (var kind in Kinds)
        {
            roll -= PercentOf(kind);
            if (roll < 0)
            {
                return kind;
            }
        }

        return OrderKind.Limit;
    }

    public static string Name(OrderKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Parses <c>kind=percent,...</c>; kinds left out get 0. Throws <see cref="UsageException"/> saying what is wrong.</summary>
    public static OrderMix Parse(string text)
    {
        const string Example = "e.g. --mix limit=35,cross=25,cancel=20,replace=15,market=5";
        var percents = new Dictionary<OrderKind, int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            var kind = Kinds.Where(k => pieces[0].Equals(Name(k), StringComparison.OrdinalIgnoreCase)).Select(k => (OrderKind?)k).FirstOrDefault();
            if (kind is null)
            {
                throw new UsageException($"--mix: unknown kind '{pieces[0]}'; the kinds are {string.Join(", ", Kinds.Select(Name))} ({Example})");
            }

            if (pieces.Length != 2 || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent) || percent > 100)
            {
                throw new UsageException($"--mix: '{part}' needs a whole percentage from 0 to 100 ({Example})");
            }

            if (!percents.TryAdd(kind.Value, percent))
            {
                throw new UsageException($"--mix: {Name(kind.Value)} is given twice ({Example})");
            }
        }

        var mix = new OrderMix(percents.GetValueOrDefault(OrderKind.Limit), percents.GetValueOrDefault(OrderKind.Cross),
            percents.GetValueOrDefault(OrderKind.Cancel), percents.GetValueOrDefault(OrderKind.Replace), percents.GetValueOrDefault(OrderKind.Market));
        var sum = Kinds.Sum(mix.PercentOf);
        return sum == 100 ? mix : throw new UsageException($"--mix: the percentages add up to {sum}, not 100 ({Example})");
    }

    public override string ToString() => string.Join(",", Kinds.Select(k => $"{Name(k)}={PercentOf(k)}"));
}
