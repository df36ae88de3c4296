using System.Globalization;
using System.Text.Json;

namespace PointsExchange.Benchmarks.Layers;

/// <summary>
/// scripts/bench.sh's table: the layer lines of <see cref="LayersRun"/> and the px-load runs beside them
/// (their result.json in <c>load-*</c> folders next to the results file), top layer first, each with its
/// throughput as a share of the layer beneath.
/// </summary>
internal static class LayersTable
{
    public static void Print(string resultsFile)
    {
        var rows = File.ReadAllLines(resultsFile).Where(l => l.StartsWith("layer|", StringComparison.Ordinal)).Select(Row.Parse).ToDictionary(r => r.Id);
        var folder = Path.GetDirectoryName(Path.GetFullPath(resultsFile))!;
        foreach (var result in Directory.GetDirectories(folder, "load-*").Select(d => Path.Combine(d, "result.json")).Where(File.Exists).Order(StringComparer.Ordinal))
        {
            var row = Row.FromLoadResult(result);
            rows[row.Id] = row;
        }

        var engine = rows.GetValueOrDefault("engine");
        var core = rows.GetValueOrDefault("core");
        var empty = rows.GetValueOrDefault("grpc-empty");
        var pgbench = rows.GetValueOrDefault("pgbench");
        Console.WriteLine($"{"layer",-70} {"per second",12} {"p50 ms",10} {"p99 ms",10} {"p99.9 ms",10}  share of the layer beneath");
        foreach (var server in rows.Values.Where(r => r.Id.StartsWith("server-", StringComparison.Ordinal)).OrderBy(r => r.Id.Contains("unary"))
            .ThenBy(r => r.Id.EndsWith("-max", StringComparison.Ordinal)).ThenBy(r => r.PerSecond))
        {
            Line(server, engine, "engine");
        }

        Line(engine, core, "core");
        Line(core, null, "");
        Console.WriteLine("limits beneath the server:");
        Line(empty, null, "");
        Line(pgbench, null, "");
        Console.WriteLine();
        Share("full server, StreamOrderEntry, saturated", rows.GetValueOrDefault("server-stream-max"), empty, "of an empty gRPC call");
        Share("full server, unary, saturated", rows.GetValueOrDefault("server-unary-max"), empty, "of an empty gRPC call");
        Share("engine + PostgreSQL", engine, pgbench, "of pgbench's durable single-row transactions (one order = one row of a batch)");
    }

    private static void Line(Row? row, Row? beneath, string beneathName)
    {
        if (row is null)
        {
            return;
        }

        var share = beneath is { PerSecond: > 0 } ? $"{row.PerSecond / beneath.PerSecond:P1} of {beneathName}" : "";
        Console.WriteLine($"{row.Name,-70} {row.PerSecond,12:N0} {Ms(row.P50Ms),10} {Ms(row.P99Ms),10} {Ms(row.P999Ms),10}  {share}");
    }

    /// <summary>Milliseconds with three significant digits at least, so the core's fractions of a microsecond show.</summary>
    private static string Ms(double ms) => ms >= 100 ? ms.ToString("N1", CultureInfo.InvariantCulture) : ms.ToString("0.####", CultureInfo.InvariantCulture);

    private static void Share(string what, Row? row, Row? beneath, string ofWhat)
    {
        if (row is { PerSecond: > 0 } && beneath is { PerSecond: > 0 })
        {
            Console.WriteLine($"{what}: {row.PerSecond / beneath.PerSecond:P1} {ofWhat}");
        }
    }

    private sealed record Row(string Id, string Name, double PerSecond, double P50Ms, double P99Ms, double P999Ms)
    {
        public static Row Parse(string line)
        {
            var f = line.Split('|');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            return new Row(f[1], f[6].Split(':')[0], D(2), D(3) / 1000, D(4) / 1000, D(5) / 1000);
        }

        /// <summary>A px-load result.json: its achieved rate and its coordinated-omission-corrected latency.</summary>
        public static Row FromLoadResult(string path)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            var options = root.GetProperty("options");
            var transport = options.GetProperty("transport").GetString()!;
            var closed = options.GetProperty("closed_in_flight").ValueKind == JsonValueKind.Number ? options.GetProperty("closed_in_flight").GetInt32() : 0;
            var target = root.GetProperty("target_rate").GetDouble();
            var latency = root.GetProperty("latency_ms");
            var counts = root.GetProperty("counts");
            var errors = counts.GetProperty("unexpected_errors").GetInt64();
            var answered = counts.GetProperty("answered").GetInt64();
            var name = $"full server, {(transport == "unary" ? "unary" : "StreamOrderEntry")}, " +
                (closed > 0 ? $"closed loop {closed} in flight" : $"open loop {target:N0}/s") + (errors > 0 ? $", {errors:N0} errors" : "");
            var id = $"server-{(transport == "unary" ? "unary" : "stream")}-{(closed > 0 ? "max" : target.ToString("F0", CultureInfo.InvariantCulture))}";
            // Answers that were errors (a full queue's RESOURCE_EXHAUSTED comes back fast) are not throughput.
            var good = answered == 0 ? 0 : root.GetProperty("achieved_rate").GetDouble() * (answered - errors) / answered;
            return new Row(id, name, good, latency.GetProperty("p50").GetDouble(),
                latency.GetProperty("p99").GetDouble(), latency.GetProperty("p99_9").GetDouble());
        }
    }
}
