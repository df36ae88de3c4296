using System.Globalization;

namespace PointsExchange.LoadTest;

/// <summary>The summary printed at the end: plain aligned text, the same on a terminal and in a pipe, so it can be pasted.</summary>
internal static class SummaryTable
{
    public static void Write(TextWriter w, LoadResult r, string folder)
    {
        var o = r.Options;
        var c = r.Counts;
        w.WriteLine();
        w.WriteLine(Invariant($"px-load summary: {Mode(r)} for {o.DurationSeconds:0.###} s over {(o.Transport == "stream" ? "StreamOrderEntry" : "unary calls")}, ") +
            Invariant($"{o.Members} members, {o.Pairs} pairs, {o.Connections} connections, seed {o.Seed}"));
        w.WriteLine(Invariant($"  run {r.RunId} on {string.Join(", ", o.Symbols)}; measured {r.MeasuredSeconds:0.0} s after a {o.WarmupSeconds:0.###} s warm-up") +
            (r.StoppedEarly ? "; STOPPED EARLY (Ctrl-C): the numbers cover what was measured" : ""));
        w.WriteLine();
        w.WriteLine($"  {"requests",-10} {"sent",9} {"answered",9} {"accepted",9} {"filled",8} {"expired",8} {"expected",9} {"unexpected",10} {"p50 ms",8} {"p99 ms",8}");
        foreach (var (kind, k) in c.ByKind.Append(new("total", KindCounts.Sum(c.ByKind.Values))))
        {
            var latency = r.LatencyByKindMs.GetValueOrDefault(kind, r.LatencyMs);
            w.WriteLine(Invariant($"  {kind,-10} {k.Sent,9:N0} {k.Answered,9:N0} {k.Accepted,9:N0} {k.Filled,8:N0} {k.Expired,8:N0} {k.Expected,9:N0} {k.Unexpected,10:N0} ") +
                Invariant($"{latency.P50,8:N2} {latency.P99,8:N2}"));
        }

        w.WriteLine();
        w.WriteLine(Invariant($"  rate: {(r.TargetRate > 0 ? $"target {r.TargetRate:N0}/s, " : "")}sent {r.SentRate:N1}/s, answered {r.AchievedRate:N1}/s") +
            (r.TargetRate > 0 ? Invariant($"; the schedule ran at worst {r.ScheduleMaxLagMs:N1} ms late") : ""));
        var g = r.Generator;
        w.WriteLine(Invariant($"  px-load itself while measuring: {g.CpuShareOfOneCore * 100:N1} % of a core, {g.AllocatedMb:N0} MB allocated, {g.GcPauseMs:N1} ms in GC pauses ") +
            Invariant($"({g.Gen0Collections:N0} collections, {g.Gen1Collections:N0} of gen 1, {g.Gen2Collections:N0} of gen 2)"));
        w.WriteLine();
        w.WriteLine($"  {"latency ms",-22} {"p50",9} {"p90",9} {"p99",9} {"p99.9",9} {"p99.99",9} {"max",9} {"mean",9}");
        Row(w, "from intended send", r.LatencyMs);
        Row(w, "from actual send", r.ServiceTimeMs);
        w.WriteLine();
        w.WriteLine(Invariant($"  errors by status code: {c.UnexpectedErrors:N0} unexpected, {c.ExpectedRejections:N0} expected rejections") +
            (c.Unanswered > 0 ? Invariant($", {c.Unanswered:N0} unanswered") : ""));
        foreach (var e in r.Errors.OrderBy(e => e.Expected))
        {
            w.WriteLine(Invariant($"    {e.Code,-22} {(e.Expected ? "expected" : "UNEXPECTED"),-10} {e.Count,9:N0}  {string.Join("/", e.Kinds),-15} e.g. {e.Example}"));
        }

        if (c.UnmatchedReports > 0)
        {
            w.WriteLine(Invariant($"    {"UNMATCHED_REPORT",-22} {"UNEXPECTED",-10} {c.UnmatchedReports,9:N0}  reports matching no request in flight"));
        }

        var warmupUnexpected = r.WarmupErrors.Where(e => !e.Expected).Sum(e => e.Count);
        if (warmupUnexpected > 0)
        {
            w.WriteLine(Invariant($"    warm-up (not measured): {warmupUnexpected:N0} unexpected: {string.Join(", ", r.WarmupErrors.Where(e => !e.Expected).Select(e => $"{e.Code} {e.Count:N0}"))}"));
        }

        w.WriteLine();
        w.WriteLine($"  checks on the ledger {r.Checks.Database}");
        w.WriteLine($"    {"conservation",-20} {Status(r.Checks.Conservation.Status),-8} {r.Checks.Conservation.Detail}");
        w.WriteLine($"    {"acknowledged orders",-20} {Status(r.Checks.AcknowledgedOrders.Status),-8} {r.Checks.AcknowledgedOrders.Detail}");
        w.WriteLine();
        w.WriteLine($"  report: {Paths.Show(Path.Combine(folder, ReportFiles.Html))} (also {ReportFiles.Json}, {ReportFiles.Histogram}, {ReportFiles.ServiceHistogram})");
    }

    public static string Mode(LoadResult r) => r.Options.ClosedInFlight is { } n
        ? Invariant($"closed loop, {n:N0} in flight")
        : Invariant($"open loop {r.Options.Rate:N0}/s");

    private static void Row(TextWriter w, string name, LatencyPercentiles p) =>
        w.WriteLine(Invariant($"  {name,-22} {p.P50,9:N2} {p.P90,9:N2} {p.P99,9:N2} {p.P999,9:N2} {p.P9999,9:N2} {p.Max,9:N2} {p.Mean,9:N2}"));

    private static string Status(string status) => status == CheckStatus.NotRun ? "NOT RUN" : status;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
