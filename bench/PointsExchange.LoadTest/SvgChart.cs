using System.Globalization;
using System.Net;
using System.Text;

namespace PointsExchange.LoadTest;

/// <summary>
/// A line chart as inline SVG, drawn here rather than by a script so the report needs nothing but itself: axes,
/// grid lines at the given ticks, one path per series, a legend. X and Y are already in the chart's units (the
/// caller maps percentiles to log10(1 / (1 - p)) before handing them over).
/// </summary>
internal sealed class SvgChart(string name, string title, string xLabel, string yLabel)
{
    private const int Width = 900;
    private const int Height = 320;
    private const int Left = 70;
    private const int Right = 40;
    private const int Top = 20;
    private const int Bottom = 50;

    private readonly List<(string Name, string Color, bool Dashed, IReadOnlyList<(double X, double Y)> Points)> _series = [];

    public double XMin { get; init; }

    public double XMax { get; init; } = 1;

    /// <summary>X axis ticks: position and label. Empty: five evenly spaced numbers.</summary>
    public IReadOnlyList<(double At, string Label)> XTicks { get; init; } = [];

    public SvgChart Add(string series, string color, IReadOnlyList<(double X, double Y)> points, bool dashed = false)
    {
        _series.Add((series, color, dashed, points));
        return this;
    }

    public string Render()
    {
        var yMax = NiceCeiling(Math.Max(_series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(0).Max(), 1e-9) * 1.05);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<figure><figcaption>{Encode(title)}</figcaption>"));
        svg.Append(Invariant($"<svg data-chart=\"{name}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(title)}\" xmlns=\"http://www.w3.org/2000/svg\">"));
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" class=\"plot\"/>"));
        foreach (var (at, label) in YTicks(yMax))
        {
            var y = Y(at, yMax);
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 8}\" y=\"{y + 4:0.#}\" class=\"tick\" text-anchor=\"end\">{Encode(label)}</text>"));
        }

        foreach (var (at, label) in XTicks.Count > 0 ? XTicks : EvenTicks())
        {
            var x = X(at);
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{Height - Bottom + 18}\" class=\"tick\" text-anchor=\"middle\">{Encode(label)}</text>"));
        }

        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 8}\" class=\"axis\" text-anchor=\"middle\">{Encode(xLabel)}</text>"));
        svg.Append(Invariant($"<text x=\"16\" y=\"{(Top + Height - Bottom) / 2}\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 16 {(Top + Height - Bottom) / 2})\">{Encode(yLabel)}</text>"));
        for (var i = 0; i < _series.Count; i++)
        {
            var (series, color, dashed, points) = _series[i];
            if (points.Count > 0)
            {
                var d = string.Join(" ", points.Select((p, j) => Invariant($"{(j == 0 ? "M" : "L")}{X(p.X):0.##},{Y(p.Y, yMax):0.##}")));
                svg.Append(Invariant($"<path data-series=\"{Encode(series)}\" d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{(dashed ? " stroke-dasharray=\"6 4\"" : "")}/>"));
            }

            var lx = Left + 12 + (i * 260);
            svg.Append(Invariant($"<line x1=\"{lx}\" x2=\"{lx + 24}\" y1=\"{Top + 14}\" y2=\"{Top + 14}\" stroke=\"{color}\" stroke-width=\"3\"{(dashed ? " stroke-dasharray=\"6 4\"" : "")}/>"));
            svg.Append(Invariant($"<text x=\"{lx + 30}\" y=\"{Top + 18}\" class=\"legend\">{Encode(series)}</text>"));
        }

        svg.Append("</svg></figure>");
        return svg.ToString();
    }

    /// <summary>1, 2 or 5 times a power of ten, at or above <paramref name="value"/>.</summary>
    public static double NiceCeiling(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static IEnumerable<(double At, string Label)> YTicks(double yMax) =>
        Enumerable.Range(0, 6).Select(i => yMax * i / 5).Select(v => (v, v.ToString(v >= 100 || v == 0 ? "N0" : v >= 10 ? "N1" : "N2", CultureInfo.InvariantCulture)));

    /// <summary>Ticks at round steps (1, 2, 2.5 or 5 times a power of ten), about six of them.</summary>
    private IEnumerable<(double At, string Label)> EvenTicks()
    {
        var step = NiceCeiling(Math.Max(XMax - XMin, 1e-9) / 6);
        for (var v = Math.Ceiling(XMin / step) * step; v <= XMax + (step / 1000); v += step)
        {
            yield return (v, v.ToString("0.##", CultureInfo.InvariantCulture));
        }
    }

    private double X(double x) => Left + ((Math.Clamp(x, XMin, XMax) - XMin) / Math.Max(XMax - XMin, 1e-9) * (Width - Left - Right));

    private static double Y(double y, double yMax) => Height - Bottom - (Math.Clamp(y, 0, yMax) / yMax * (Height - Top - Bottom));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
