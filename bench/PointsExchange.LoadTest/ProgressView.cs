using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PointsExchange.LoadTest;

/// <summary>
/// The run's progress while it runs: on a terminal a Spectre.Console live table redrawn twice a second; otherwise
/// (a pipe, a file, a test) one plain line every two seconds.
/// </summary>
internal sealed class ProgressView(TextWriter stdout, IAnsiConsole? live, Func<ProgressSnapshot> snapshot)
{
    private static readonly TimeSpan LiveEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(2);

    public async Task RunUntilAsync(Task until)
    {
        if (live is not null)
        {
            await live.Live(Render(snapshot())).AutoClear(false).StartAsync(async context =>
            {
                while (!until.IsCompleted)
                {
                    await Task.WhenAny(until, Task.Delay(LiveEvery));
                    context.UpdateTarget(Render(snapshot()));
                }
            });
            return;
        }

        while (!until.IsCompleted)
        {
            await Task.WhenAny(until, Task.Delay(PlainEvery));
            if (!until.IsCompleted)
            {
                await stdout.WriteLineAsync(Line(snapshot()));
            }
        }
    }

    /// <summary>One plain line: time, counts, rate, latency so far, errors by code.</summary>
    public static string Line(ProgressSnapshot s) => string.Create(CultureInfo.InvariantCulture,
        $"[{Clock(s)} {s.Phase}] sent {s.Sent:N0}, answered {s.Answered:N0}, in flight {s.InFlight:N0}; {s.LastSecondRate:N0}/s last second, " +
        $"{s.OverallRate:N0}/s overall; p50 {s.P50:0.00} ms, p99 {s.P99:0.00} ms, max {s.Max:0.00} ms; {Errors(s, expected: false)}; {Errors(s, expected: true)}");

    private static IRenderable Render(ProgressSnapshot s)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("what").AddColumn("value")
            .Title($"px-load: {Markup.Escape(s.Phase)}");
        var done = s.Duration <= 0 ? 0 : Math.Clamp(s.Elapsed / s.Duration, 0, 1);
        var bar = new string('#', (int)(done * 30)) + new string('.', 30 - (int)(done * 30));
        table.AddRow("time", Markup.Escape($"{Clock(s)}  [{bar}]"));
        table.AddRow("requests", $"sent {s.Sent:N0}   answered {s.Answered:N0}   in flight {s.InFlight:N0}   open orders {s.OpenOrders:N0}");
        table.AddRow("rate", $"{s.LastSecondRate:N0}/s last second   {s.OverallRate:N0}/s since the warm-up");
        table.AddRow("latency", $"p50 {s.P50:0.00} ms   p99 {s.P99:0.00} ms   max {s.Max:0.00} ms (from intended sends)");
        table.AddRow("unexpected", (s.Codes.Any(c => !c.Expected) || s.Unmatched > 0 ? "[red]" : "[green]") + Markup.Escape(Errors(s, expected: false)) + "[/]");
        table.AddRow("expected", "[yellow]" + Markup.Escape(Errors(s, expected: true)) + "[/]");
        return table;
    }

    private static string Clock(ProgressSnapshot s) => s.Elapsed < 0
        ? string.Create(CultureInfo.InvariantCulture, $"warm-up, measuring in {-s.Elapsed:0.0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{s.Elapsed:0.0} s of {s.Duration:0.#} s, {Math.Max(0, s.Duration - s.Elapsed):0.0} s left");

    private static string Errors(ProgressSnapshot s, bool expected)
    {
        var codes = s.Codes.Where(c => c.Expected == expected).Select(c => $"{c.Code} {c.Count:N0}").ToList();
        if (!expected && s.Unmatched > 0)
        {
            codes.Add($"UNMATCHED_REPORT {s.Unmatched:N0}");
        }

        var label = expected ? "expected rejections" : "unexpected errors";
        return codes.Count == 0 ? $"{label} 0" : $"{label}: {string.Join(", ", codes)}";
    }
}
