using System.Globalization;
using System.Net;
using System.Text;

namespace PointsExchange.LoadTest;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no script, no font, nothing fetched; its
/// Content-Security-Policy forbids fetching anything). Latency by percentile on HdrHistogram's log scale
/// (0%, 90%, 99%, 99.9%, ... equally spaced), throughput and p99 per second, the counts, the errors by status
/// code, the checks and the options.
/// </summary>
internal static class HtmlReport
{
    private const string Css = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 960px; color: #1d2330; background: #fff; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; } .sub { color: #5b6472; }
        .banner { background: #fff3cd; border: 1px solid #e0b600; padding: 8px 12px; border-radius: 6px; margin: 12px 0; }
        .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 16px 0; }
        .card { border: 1px solid #d9dee7; border-radius: 8px; padding: 10px 12px; } .card b { display: block; font-size: 20px; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: right; padding: 4px 8px; border-bottom: 1px solid #e6e9ef; }
        th:first-child, td:first-child, td.text { text-align: left; } td.text { white-space: normal; }
        .PASS { color: #137333; font-weight: 600; } .FAIL { color: #b3261e; font-weight: 600; } .NOT_RUN { color: #8a6d00; font-weight: 600; }
        .unexpected { color: #b3261e; } .expected { color: #8a6d00; }
        figure { margin: 12px 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
        svg { width: 100%; height: auto; } .plot { fill: #fafbfd; stroke: #c9ced8; } .grid { stroke: #e3e6ec; }
        .tick, .legend { font-size: 12px; fill: #3d4553; } .axis { font-size: 12px; fill: #5b6472; }
        """;

    public static string Render(LoadResult r, IReadOnlyList<(double Percentile, double Ms)> latency, IReadOnlyList<(double Percentile, double Ms)> service)
    {
        var c = r.Counts;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        html.Append(Invariant($"<title>px-load {Encode(r.RunId)}: {Encode(SummaryTable.Mode(r))}</title><style>{Css}</style></head><body>"));
        html.Append(Invariant($"<h1>px-load: {Encode(SummaryTable.Mode(r))} over {(r.Options.Transport == "stream" ? "StreamOrderEntry" : "unary calls")}</h1>"));
        html.Append(Invariant($"<div class=\"sub\">run {Encode(r.RunId)} against {Encode(r.Options.Server)}, {r.StartedAt:yyyy-MM-dd HH:mm:ss} UTC; ") +
            Invariant($"{r.MeasuredSeconds:0.0} s measured after {r.Options.WarmupSeconds:0.###} s of warm-up; pairs {Encode(string.Join(", ", r.Options.Symbols))}</div>"));
        if (r.StoppedEarly)
        {
            html.Append(Invariant($"<div class=\"banner\" data-stopped-early>Stopped early (Ctrl-C) after {r.MeasuredSeconds:0.0} s of the {r.Options.DurationSeconds:0.###} s asked: the numbers cover what was measured.</div>"));
        }

        html.Append("<div class=\"cards\">");
        Card(html, "answered per second", Invariant($"{r.AchievedRate:N0}"), r.TargetRate > 0 ? Invariant($"target {r.TargetRate:N0}/s") : "closed loop");
        Card(html, "p50 / p99 latency", Invariant($"{r.LatencyMs.P50:N2} / {r.LatencyMs.P99:N2} ms"), "from intended send time");
        Card(html, "p99.9 / max", Invariant($"{r.LatencyMs.P999:N2} / {r.LatencyMs.Max:N2} ms"), Invariant($"{r.LatencyMs.Count:N0} answers"));
        Card(html, "unexpected errors", Invariant($"{c.UnexpectedErrors:N0}"), Invariant($"{c.ExpectedRejections:N0} expected rejections"));
        Card(html, "px-load's own GC pauses", Invariant($"{r.Generator.GcPauseMs:N1} ms"),
            Invariant($"while measuring; px-load used {r.Generator.CpuShareOfOneCore * 100:N1} % of a core"));
        html.Append("</div>");

        html.Append(PercentileChart(latency, service, r.LatencyMs.Count));
        // Each second is drawn at its middle; seconds after the window (answers that came in while draining) are left
        // out of the charts (result.json has them).
        var window = Math.Max(1, (int)Math.Ceiling(r.MeasuredSeconds - 1e-6));
        var seconds = r.Series.Where(p => p.Second <= window).ToList();
        html.Append(new SvgChart("throughput", "Throughput per second", "seconds since the warm-up ended", "per second") { XMin = 0, XMax = window }
            .Add("answered", "#1f6feb", [.. seconds.Select(p => (p.Second - 0.5, (double)p.Answered))])
            .Add("sent (due)", "#8c959f", [.. seconds.Select(p => (p.Second - 0.5, (double)p.Sent))], dashed: true)
            .Add("target", "#d29922", r.TargetRate > 0 ? [(0, r.TargetRate), (window, r.TargetRate)] : [], dashed: true)
            .Render());
        html.Append(new SvgChart("p99", "p99 latency per second (of the answers that arrived in it)", "seconds since the warm-up ended", "milliseconds")
        {
            XMin = 0, XMax = window,
        }
            .Add("p99", "#cf222e", [.. seconds.Where(p => p.Answered > 0).Select(p => (p.Second - 0.5, p.P99Ms))])
            .Add("max", "#8c959f", [.. seconds.Where(p => p.Answered > 0).Select(p => (p.Second - 0.5, p.MaxMs))], dashed: true)
            .Render());

        html.Append("<h2>Checks on the ledger</h2><table><tr><th>check</th><th>status</th><th>detail</th></tr>");
        Check(html, "conservation", r.Checks.Conservation.Status, r.Checks.Conservation.Detail);
        Check(html, "acknowledged orders", r.Checks.AcknowledgedOrders.Status, r.Checks.AcknowledgedOrders.Detail);
        html.Append(Invariant($"</table><div class=\"sub\">database {Encode(r.Checks.Database)}</div>"));

        html.Append("<h2>Requests</h2><table><tr><th>kind</th><th>sent</th><th>answered</th><th>accepted</th><th>resting</th><th>filled</th><th>expired</th><th>fills</th><th>expected</th><th>unexpected</th><th>p50 ms</th><th>p99 ms</th></tr>");
        foreach (var (kind, k) in c.ByKind.Append(new("total", KindCounts.Sum(c.ByKind.Values))))
        {
            var kindLatency = r.LatencyByKindMs.GetValueOrDefault(kind, r.LatencyMs);
            html.Append(Invariant($"<tr><td>{Encode(kind)}</td><td>{k.Sent:N0}</td><td>{k.Answered:N0}</td><td>{k.Accepted:N0}</td><td>{k.Resting:N0}</td><td>{k.Filled:N0}</td>") +
                Invariant($"<td>{k.Expired:N0}</td><td>{k.Fills:N0}</td><td>{k.Expected:N0}</td><td>{k.Unexpected:N0}</td><td>{kindLatency.P50:N2}</td><td>{kindLatency.P99:N2}</td></tr>"));
        }

        html.Append(Invariant($"</table><div class=\"sub\">warm-up (not measured): {c.Warmup.Sent:N0} sent, {c.Warmup.Unexpected:N0} unexpected errors; ") +
            Invariant($"{c.OpenOrdersAtEnd:N0} of the generator's orders were resting at the end; {c.Unanswered:N0} unanswered; {c.UnmatchedReports:N0} unmatched reports</div>"));

        html.Append("<h2>Errors by status code</h2><table><tr><th>code</th><th>class</th><th>count</th><th>kinds</th><th>example</th></tr>");
        foreach (var e in r.Errors)
        {
            var kind = e.Expected ? "expected" : "unexpected";
            html.Append(Invariant($"<tr class=\"{kind}\"><td>{Encode(e.Code)}</td><td>{kind}</td><td>{e.Count:N0}</td><td>{Encode(string.Join(", ", e.Kinds))}</td><td class=\"text\">{Encode(e.Example)}</td></tr>"));
        }

        if (r.Errors.Count == 0)
        {
            html.Append("<tr><td class=\"text\" colspan=\"5\">none</td></tr>");
        }

        html.Append("</table>");
        html.Append("<h2>Latency percentiles (ms)</h2><table><tr><th>measured</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>p99.99</th><th>max</th><th>mean</th></tr>");
        Percentiles(html, "from intended send (corrected)", r.LatencyMs);
        Percentiles(html, "from actual send (service time)", r.ServiceTimeMs);
        html.Append("</table>");

        var o = r.Options;
        html.Append("<h2>Options</h2><table>");
        foreach (var (name, value) in new (string, string)[]
        {
            ("server", o.Server), ("mode", SummaryTable.Mode(r)), ("transport", o.Transport), ("duration", Invariant($"{o.DurationSeconds:0.###} s")),
            ("warm-up", Invariant($"{o.WarmupSeconds:0.###} s")), ("drain", Invariant($"{o.DrainSeconds:0.###} s")), ("members", Invariant($"{o.Members}")),
            ("pairs", string.Join(", ", o.Symbols)), ("connections", Invariant($"{o.Connections}")), ("mix", o.Mix), ("seed", Invariant($"{o.Seed}")),
            ("reused world", o.Reuse ? "yes" : "no"), ("world", r.World), ("started", Invariant($"{r.StartedAt:O}")), ("ended", Invariant($"{r.EndedAt:O}")),
        })
        {
            html.Append(Invariant($"<tr><td>{Encode(name)}</td><td class=\"text\">{Encode(value)}</td></tr>"));
        }

        html.Append("</table><p class=\"sub\">Latency counts from each request's intended send time on the open-loop schedule, so a stall is paid by every request " +
            "that was due during it (coordinated omission corrected); the service time counts from the actual send. See docs/load-testing.md.</p></body></html>\n");
        return html.ToString();
    }

    /// <summary>HdrHistogram's plot: x = log10(1 / (1 - percentile)), so 90%, 99%, 99.9% ... are equally spaced.</summary>
    private static string PercentileChart(IReadOnlyList<(double Percentile, double Ms)> latency, IReadOnlyList<(double Percentile, double Ms)> service, long count)
    {
        var nines = Math.Clamp((int)Math.Ceiling(Math.Log10(Math.Max(count, 1))), 2, 6);
        var ticks = Enumerable.Range(0, nines + 1).Select(n => ((double)n, n == 0 ? "0%" : (100 - (100 / Math.Pow(10, n))).ToString("0.#####", CultureInfo.InvariantCulture) + "%")).ToList();
        return new SvgChart("percentiles", "Latency by percentile", "percentile", "milliseconds") { XMin = 0, XMax = nines, XTicks = ticks }
            .Add("from intended send (corrected)", "#1f6feb", Curve(latency, nines))
            .Add("from actual send (service time)", "#8c959f", Curve(service, nines), dashed: true)
            .Render();
    }

    private static List<(double X, double Y)> Curve(IReadOnlyList<(double Percentile, double Ms)> points, int nines) =>
        [.. points.Select(p => (p.Percentile >= 100 ? nines : Math.Min(nines, Math.Log10(100 / (100 - p.Percentile))), p.Ms))];

    private static void Card(StringBuilder html, string label, string value, string note) =>
        html.Append(Invariant($"<div class=\"card\">{Encode(label)}<b>{Encode(value)}</b><span class=\"sub\">{Encode(note)}</span></div>"));

    private static void Check(StringBuilder html, string name, string status, string detail) =>
        html.Append(Invariant($"<tr data-check=\"{Encode(name)}\"><td>{Encode(name)}</td><td class=\"{status}\">{(status == CheckStatus.NotRun ? "NOT RUN" : status)}</td><td class=\"text\">{Encode(detail)}</td></tr>"));

    private static void Percentiles(StringBuilder html, string name, LatencyPercentiles p) =>
        html.Append(Invariant($"<tr><td>{Encode(name)}</td><td>{p.P50:N2}</td><td>{p.P90:N2}</td><td>{p.P99:N2}</td><td>{p.P999:N2}</td><td>{p.P9999:N2}</td><td>{p.Max:N2}</td><td>{p.Mean:N2}</td></tr>"));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
