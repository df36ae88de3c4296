using System.Diagnostics;
using System.Globalization;
using Grpc.Health.V1;
using Grpc.Net.Client;
using HdrHistogram;
using PointsExchange.Engine;
using PointsExchange.Matching;
using PointsExchange.Testing;

namespace PointsExchange.Benchmarks.Layers;

/// <summary>
/// The layers of scripts/bench.sh that are not the load generator, each measured the same way (throughput,
/// and p50 / p99 / p99.9 with HdrHistogram) and written as one result line, so the script can print them
/// side by side with the full server's figures:
/// <list type="bullet">
/// <item><c>layers core</c>: the matching core alone (the exchange-core workload of the matching benchmark).</item>
/// <item><c>layers engine</c>: the engine with the real PostgreSQL commit port, no network, open loop.</item>
/// <item><c>layers grpc-empty SERVER</c>: an empty gRPC call (health check) to the server: the transport's ceiling.</item>
/// <item><c>layers pgbench</c>: pgbench's single-row durable inserts on the same cluster: the commit's ceiling.</item>
/// </list>
/// Each line goes to stdout and, when <c>PX_BENCH_RESULTS</c> names a file, is appended to it as
/// <c>layer|name|per second|p50 us|p99 us|p99.9 us|note</c>.
/// </summary>
internal static class LayersRun
{
    public static async Task RunAsync(string[] args)
    {
        switch (args.Skip(1).FirstOrDefault())
        {
            case "core":
                Core();
                break;
            case "engine":
                await EngineAsync();
                break;
            case "grpc-empty":
                await GrpcEmptyAsync(args.Length > 2 ? args[2] : "http://127.0.0.1:5080");
                break;
            case "pgbench":
                PgBench();
                break;
            case "table" when args.Length > 2:
                LayersTable.Print(args[2]);
                break;
            default:
                Console.Error.WriteLine("usage: layers core | engine | grpc-empty [server] | pgbench | table RESULTS-FILE");
                Environment.ExitCode = 2;
                break;
        }
    }

    /// <summary>The book alone: throughput untimed, then each command timed on its own for the percentiles.</summary>
    private static void Core()
    {
        var mix = Workloads.ExchangeCoreMix(3_000_000);
        var sink = new NullSink();
        for (var warm = 0; warm < 2; warm++)
        {
            var warmBook = mix.NewBook();
            foreach (ref readonly var command in mix.Commands.AsSpan())
            {
                warmBook.Execute(in command, ref sink);
            }
        }

        var book = mix.NewBook();
        var start = Stopwatch.GetTimestamp();
        foreach (ref readonly var command in mix.Commands.AsSpan())
        {
            book.Execute(in command, ref sink);
        }

        var perSecond = mix.Commands.Length / Stopwatch.GetElapsedTime(start).TotalSeconds;
        var histogram = NewHistogram();
        book = mix.NewBook();
        foreach (ref readonly var command in mix.Commands.AsSpan())
        {
            var before = Stopwatch.GetTimestamp();
            book.Execute(in command, ref sink);
            histogram.RecordValue(Stopwatch.GetTimestamp() - before);
        }

        Report("core", "matching core alone", perSecond, histogram, $"{mix.Commands.Length:N0} commands of the exchange-core mix; percentiles include the timer");
    }

    /// <summary>Crossing one-lot orders of two members through all four stages with PostgreSQL commits, open loop, then flat out.</summary>
    private static async Task EngineAsync()
    {
        using var db = new PostgresTestDatabase();
        using var market = await TradingScenario.CreateAsync(db, members: 2, funding: 1_000_000_000_000);
        var best = (PerSecond: 0.0, Histogram: NewHistogram(), Note: "");
        foreach (var rate in new[] { 10_000, 20_000, 40_000, 0 })
        {
            var (perSecond, histogram) = Drive(market, rate, seconds: 10);
            var label = rate == 0 ? "flat out" : $"open loop {rate:N0}/s";
            Console.WriteLine($"  engine + PostgreSQL, {label}: {perSecond:N0} commands/s, p50 {Micros(histogram, 50):N0} us, p99 {Micros(histogram, 99):N0} us");
            if (rate == 0 || perSecond >= rate * 0.98)
            {
                best = (perSecond, histogram, label);
            }
        }

        Report("engine", "engine + PostgreSQL commit (no network)", best.PerSecond, best.Histogram, best.Note + "; every command answered after its durable commit");
    }

    private static (double PerSecond, LongHistogram Histogram) Drive(TradingScenario market, int rate, int seconds)
    {
        var histogram = NewHistogram();
        var total = rate == 0 ? 400_000 : rate * seconds;
        var done = new CountdownEvent(total);
        var start = Stopwatch.GetTimestamp();
        var ticksPer = rate == 0 ? 0 : Stopwatch.Frequency / (double)rate;
        for (var i = 0; i < total; i++)
        {
            // Ahead of schedule the producer sleeps (a spinning producer would take one of the two cores from the
            // stages); it then sends what fell due in a burst, each still timed from its own intended time.
            var intended = start + (long)(i * ticksPer);
            while (rate > 0 && Stopwatch.GetTimestamp() < intended)
            {
                Thread.Sleep(1);
            }

            var side = i % 2 == 0 ? Side.Sell : Side.Buy;
            var order = OrderCommand.Limit(0, market.Members[(i / 2) % 2], side, 1_000, 1);
            var command = EngineCommand.ForOrder(market.Pair.PairId, in order);
            market.Engine.Submit(in command, new Intended(rate == 0 ? Stopwatch.GetTimestamp() : intended, histogram, done));
        }

        done.Wait();
        return (total / Stopwatch.GetElapsedTime(start).TotalSeconds, histogram);
    }

    /// <summary>Health checks, 256 in flight over one connection, for 10 s.</summary>
    private static async Task GrpcEmptyAsync(string server)
    {
        using var channel = GrpcChannel.ForAddress(server);
        var health = new Health.HealthClient(channel);
        await health.CheckAsync(new HealthCheckRequest());
        var histogram = NewHistogram();
        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        long calls = 0;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 256).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var before = Stopwatch.GetTimestamp();
                await health.CheckAsync(new HealthCheckRequest());
                lock (histogram)
                {
                    histogram.RecordValue(Stopwatch.GetTimestamp() - before);
                }

                Interlocked.Increment(ref calls);
            }
        }));
        Report("grpc-empty", "empty gRPC call (transport ceiling)", calls / Stopwatch.GetElapsedTime(start).TotalSeconds, histogram,
            "grpc.health.v1 Check, 256 in flight on one connection, closed loop");
    }

    /// <summary>pgbench with 8 clients, one durable single-row insert per transaction, 10 s; latencies from its per-transaction log.</summary>
    private static void PgBench()
    {
        using var db = new PostgresTestDatabase();
        var folder = Directory.CreateTempSubdirectory("px-pgbench-").FullName;
        var (_, tps) = Ledger.LedgerThroughputRun.RunInsertPgBench(db, ["-n", "-c", "8", "-j", "2", "-T", "10", "-l"], folder);
        var histogram = NewHistogram();
        foreach (var log in Directory.GetFiles(folder, "pgbench_log*"))
        {
            foreach (var line in File.ReadLines(log))
            {
                // client_id transaction_no time_us script_no time_epoch time_us
                histogram.RecordValue((long)(long.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture) * (Stopwatch.Frequency / 1e6)));
            }
        }

        Directory.Delete(folder, recursive: true);
        Report("pgbench", "pgbench durable inserts (commit ceiling)", tps, histogram, "pgbench -c 8 -j 2 -T 10, one single-row insert per transaction");
    }

    private static void Report(string layer, string name, double perSecond, LongHistogram histogram, string note)
    {
        var line = string.Join('|', "layer", layer, perSecond.ToString("F0", CultureInfo.InvariantCulture), Micros(histogram, 50).ToString("F1", CultureInfo.InvariantCulture),
            Micros(histogram, 99).ToString("F1", CultureInfo.InvariantCulture), Micros(histogram, 99.9).ToString("F1", CultureInfo.InvariantCulture), $"{name}: {note}");
        Console.WriteLine(line);
        if (Environment.GetEnvironmentVariable("PX_BENCH_RESULTS") is { Length: > 0 } file)
        {
            File.AppendAllText(file, line + "\n");
        }
    }

    private static double Micros(LongHistogram histogram, double percentile) => histogram.GetValueAtPercentile(percentile) / (Stopwatch.Frequency / 1e6);

    private static LongHistogram NewHistogram() => new(Stopwatch.Frequency * 60, 3);

    private struct NullSink : IMatchEventSink
    {
        public long Events;

        public void OnEvent(in MatchEvent e) => Events++;
    }

    /// <summary>Records the latency from the command's intended send time (open loop: a late send still counts from its schedule).</summary>
    private sealed class Intended(long intendedTicks, LongHistogram histogram, CountdownEvent done) : ICommandCompletion
    {
        public void OnCompleted(in EngineSlot slot, EventView events)
        {
            histogram.RecordValue(Stopwatch.GetTimestamp() - intendedTicks);
            done.Signal();
        }
    }
}
