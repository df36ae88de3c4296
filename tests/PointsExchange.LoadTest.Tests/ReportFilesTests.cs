using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PointsExchange.LoadTest.Tests;

/// <summary>The files of a run: result.json read back against its schema, latency.hgrm in HdrHistogram's format, report.html self-contained.</summary>
public sealed partial class ReportFilesTests : IDisposable
{
    private static readonly long Ms = Stopwatch.Frequency / 1_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("px-load-report-").FullName;

    [Fact]
    public void Result_json_reads_back_into_its_schema_with_every_number()
    {
        var (result, _, _) = Write(stoppedEarly: false);

        var read = JsonSerializer.Deserialize<LoadResult>(File.ReadAllText(Path.Combine(_folder, ReportFiles.Json)), JsonFiles.Options)!;

        Assert.Equal(LoadResult.CurrentSchema, read.Schema);
        Assert.Equal(result.RunId, read.RunId);
        Assert.Equal(result.Options, read.Options with { Symbols = result.Options.Symbols });
        Assert.Equal(result.Options.Symbols, read.Options.Symbols);
        Assert.Equal(result.LatencyMs, read.LatencyMs);
        Assert.Equal(result.ServiceTimeMs, read.ServiceTimeMs);
        Assert.Equal(result.Series, read.Series);
        Assert.Equal(result.Generator, read.Generator);
        Assert.Equal(result.Counts.ByKind["cancel"], read.Counts.ByKind["cancel"]);
        Assert.Equal(result.Counts with { ByKind = read.Counts.ByKind, Warmup = read.Counts.Warmup }, read.Counts);
        Assert.Equal(CheckStatus.Pass, read.Checks.Conservation.Status);
        Assert.Equal(result.Checks.Conservation.Currencies, read.Checks.Conservation.Currencies);
        Assert.Equal(result.Checks.AcknowledgedOrders with { MissingExamples = [] }, read.Checks.AcknowledgedOrders with { MissingExamples = [] });
        var error = Assert.Single(read.Errors);
        Assert.Equal(("FAILED_PRECONDITION", true, 12L), (error.Code, error.Expected, error.Count));
        Assert.InRange(read.LatencyMs.P99, 98, 100);
    }

    [Fact]
    public void Result_json_uses_the_documented_snake_case_names()
    {
        Write(stoppedEarly: true);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, ReportFiles.Json)));
        var root = json.RootElement;

        Assert.True(root.GetProperty("stopped_early").GetBoolean());
        Assert.Equal("open", root.GetProperty("options").GetProperty("mode").GetString());
        foreach (var name in new[] { "p50", "p90", "p99", "p99_9", "p99_99", "max", "mean", "count" })
        {
            Assert.True(root.GetProperty("latency_ms").TryGetProperty(name, out _), $"latency_ms.{name} is missing");
        }

        Assert.Equal(3, root.GetProperty("series").GetArrayLength());
        Assert.True(root.GetProperty("series")[0].TryGetProperty("p99_ms", out _));
        Assert.Equal("PASS", root.GetProperty("checks").GetProperty("conservation").GetProperty("status").GetString());
        Assert.Equal("NOT_RUN", root.GetProperty("checks").GetProperty("acknowledged_orders").GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("counts").GetProperty("unexpected_errors").GetInt64());
        Assert.Equal(4, root.GetProperty("counts").GetProperty("by_kind").GetProperty("cancel").GetProperty("expected").GetInt64());
        Assert.True(root.GetProperty("latency_by_kind_ms").TryGetProperty("replace", out _));
        Assert.Equal(12.5, root.GetProperty("generator").GetProperty("gc_pause_ms").GetDouble());
        Assert.Equal(1, root.GetProperty("generator").GetProperty("gen2_collections").GetInt32());
    }

    [Fact]
    public void Latency_hgrm_is_hdrhistograms_percentile_distribution_in_milliseconds()
    {
        Write(stoppedEarly: false);

        var lines = File.ReadAllLines(Path.Combine(_folder, ReportFiles.Histogram));

        Assert.Matches(HeaderLine(), lines[0]);
        Assert.Equal("", lines[1]);
        var rows = lines.Skip(2).TakeWhile(l => !l.StartsWith('#')).Select(l => RowLine().Match(l)).ToList();
        Assert.True(rows.Count > 20, $"{rows.Count} percentile rows");
        Assert.All(rows, row => Assert.True(row.Success, "a row is value, percentile, total count, 1/(1-percentile)"));
        var values = rows.Select(r => double.Parse(r.Groups["value"].Value, CultureInfo.InvariantCulture)).ToList();
        var percentiles = rows.Select(r => double.Parse(r.Groups["percentile"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(values.Order(), values);
        Assert.Equal(percentiles.Order(), percentiles);
        Assert.InRange(values[0], 0.99, 1.01);
        Assert.InRange(values[^1], 99.9, 100.1);
        Assert.Equal(1.0, percentiles[^1]);
        Assert.Contains(lines, l => MeanFooter().IsMatch(l));
        var max = lines.Select(l => MaxFooter().Match(l)).Single(m => m.Success);
        Assert.Equal("100", max.Groups["count"].Value);
    }

    [Fact]
    public void Report_html_is_self_contained_and_draws_three_charts()
    {
        Write(stoppedEarly: true);

        var html = File.ReadAllText(Path.Combine(_folder, ReportFiles.Html));

        Assert.Equal(3, ChartTag().Matches(html).Count);
        Assert.Contains("data-chart=\"percentiles\"", html, StringComparison.Ordinal);
        Assert.Contains(">99%<", html, StringComparison.Ordinal);
        Assert.Contains("data-stopped-early", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.Equal(["http://www.w3.org/2000/svg"], UrlInHtml().Matches(html).Select(m => m.Value).Where(u => !u.StartsWith("http://127.0.0.1", StringComparison.Ordinal)).Distinct());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A result as a 3-second run would leave it, with 100 answers of 1 to 100 ms (corrected) and 1 ms (service time).</summary>
    private (LoadResult Result, HdrHistogram.LongHistogram Corrected, HdrHistogram.LongHistogram Uncorrected) Write(bool stoppedEarly)
    {
        var recorder = new LatencyRecorder(0);
        for (var i = 1; i <= 100; i++)
        {
            recorder.CountSent(i * 25 * Ms);
            recorder.Record(i * 25 * Ms, ((i * 25) + i - 1) * Ms, ((i * 25) + i) * Ms, error: i % 10 == 0, i % 2 == 0 ? OrderKind.Limit : OrderKind.Cancel);
        }

        var (corrected, uncorrected, series) = recorder.Finish(3 * Stopwatch.Frequency);
        var cancel = new KindCounts { Sent = 50, Answered = 50, Accepted = 46, Expected = 4 };
        var limit = new KindCounts { Sent = 50, Answered = 50, Accepted = 40, Resting = 40, Unexpected = 2, Expected = 8 };
        var result = new LoadResult
        {
            RunId = "abcd1234",
            World = "T3ST",
            StartedAt = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc),
            EndedAt = new DateTime(2026, 11, 24, 10, 0, 9, DateTimeKind.Utc),
            StoppedEarly = stoppedEarly,
            Options = new ResultOptions("http://127.0.0.1:5080", "open", 40, null, "stream", 3, 1, 10, 4, 1, ["LDT3STA-LDT3STB"], 2, 42,
                OrderMix.Default.ToString(), false, _folder),
            MeasuredSeconds = 3,
            TargetRate = 40,
            SentRate = 33.3,
            AchievedRate = 33.2,
            ScheduleMaxLagMs = 1.5,
            Counts = new ResultCounts(100, 100, 86, 0, 0, 0, 12, 2, 0, 0, 40,
                new Dictionary<string, KindCounts>
                {
                    ["limit"] = limit, ["cross"] = new(), ["cancel"] = cancel, ["replace"] = new(), ["market"] = new(),
                },
                new KindCounts { Sent = 40, Answered = 40, Accepted = 40 }),
            LatencyMs = LoadRun.Percentiles(corrected),
            LatencyByKindMs = OrderMix.Kinds.Zip(recorder.ByKind()).ToDictionary(k => OrderMix.Name(k.First), k => LoadRun.Percentiles(k.Second)),
            ServiceTimeMs = LoadRun.Percentiles(uncorrected),
            Errors = [new CodeSummary("FAILED_PRECONDITION", true, 12, ["cancel", "replace"], "order_id: order 7 is FILLED; only open orders can change")],
            WarmupErrors = [],
            Series = series,
            Generator = new GeneratorCost(1_234.5, 0.41, 640.25, 12.5, 30, 4, 1),
            Checks = new LedgerCheckResults("127.0.0.1:55432/px_test",
                new ConservationCheck(CheckStatus.Pass, "2 currencies sum to 0", [new CurrencyConservation("LDT3STA", 0, 5, -4_000, 4_000, 0, 0, 0)]),
                stoppedEarly
                    ? new AcknowledgedOrdersCheck(CheckStatus.NotRun, "no database", 0, 0, 0, [])
                    : new AcknowledgedOrdersCheck(CheckStatus.Pass, "all 86 acknowledged orders are in the ledger's orders table", 86, 86, 0, [])),
        };
        ReportFiles.Write(_folder, result, corrected, uncorrected);
        return (result, corrected, uncorrected);
    }

    [GeneratedRegex(@"^\s+Value\s+Percentile\s+TotalCount\s+1/\(1-Percentile\)$")]
    private static partial Regex HeaderLine();

    // The last row (100%) has no 1/(1-percentile).
    [GeneratedRegex(@"^\s*(?<value>\d+\.\d{3})\s+(?<percentile>\d\.\d{12})\s+(?<count>\d+)(\s+\d+\.\d{2})?\s*$")]
    private static partial Regex RowLine();

    [GeneratedRegex(@"^#\[Mean\s+=\s+\d+\.\d{3}, StdDeviation\s+=\s+\d+\.\d{3}\]$")]
    private static partial Regex MeanFooter();

    [GeneratedRegex(@"^#\[Max\s+=\s+\d+\.\d{3}, Total count\s+=\s+(?<count>\d+)\]$")]
    private static partial Regex MaxFooter();

    [GeneratedRegex("<svg data-chart=")]
    private static partial Regex ChartTag();

    [GeneratedRegex(@"https?://[^""'\s<)]+")]
    private static partial Regex UrlInHtml();
}
