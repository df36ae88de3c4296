using System.Diagnostics;
using System.Globalization;
using Npgsql;
using PointsExchange.Engine;
using PointsExchange.Ledger;
using PointsExchange.Matching;
using PointsExchange.Sequencing;
using PointsExchange.Testing;

namespace PointsExchange.Benchmarks.Ledger;

/// <summary>
/// Durable settlement throughput on the real PostgreSQL (synchronous_commit on), at several batch sizes,
/// beside pgbench's single-row durable inserts on the same cluster in the same run; then the time to
/// recover a book of a million open orders.
/// </summary>
/// <remarks><c>dotnet run -c Release --project bench/PointsExchange.Benchmarks -- ledger</c> (PostgreSQL from <c>bash scripts/pg.sh start</c>).</remarks>
internal static class LedgerThroughputRun
{
    public static async Task RunAsync()
    {
        using var db = new PostgresTestDatabase();
        Console.WriteLine($"database {db.Name}; synchronous_commit = {db.Scalar("show synchronous_commit")}, fsync = {db.Scalar("show fsync")}");
        var pgbench = PgBench(db, seconds: 10);

        Console.WriteLine();
        Console.WriteLine($"{"batch (trades)",14} {"batches",8} {"trades",9} {"seconds",8} {"trades/s",10} {"commands/s",11} {"ms/batch p50",13} {"vs pgbench tps",15}");
        using (var market = await TradingScenario.CreateAsync(db, members: 2, funding: 1_000_000_000_000, makerFeeBps: 10, takerFeeBps: 20))
        {

            market.Engine.Stop(TimeSpan.FromSeconds(30));
            var book = market.Ledger.Load(market.Pair.PairId, market.Pair.Spec).Book;
            var nextId = market.Ledger.NextCommandId();
            foreach (var tradesPerBatch in new[] { 1, 10, 100, 1_000 })
            {
                var batches = Math.Clamp(50_000 / tradesPerBatch, 100, 2_000);
                var times = new List<double>();
                for (var b = 0; b < batches; b++)
                {
                    var batch = Build(book, market, ref nextId, tradesPerBatch);
                    var one = Stopwatch.StartNew();
                    market.Ledger.Commit(in batch);

                    times.Add(one.Elapsed.TotalMilliseconds);
                }

                // Commit time only: building the batch is the match stage's work, measured elsewhere.
                var seconds = times.Sum() / 1000;
                var trades = (long)batches * tradesPerBatch;
                times.Sort();
                Console.WriteLine($"{tradesPerBatch,14:N0} {batches,8:N0} {trades,9:N0} {seconds,8:N2} {trades / seconds,10:N0} " +
                    $"{2 * trades / seconds,11:N0} {times[times.Count / 2],13:N2} {trades / seconds / pgbench,14:N1}x");
            }

            var violations = await market.Ledger.CheckInvariantsAsync();
            Console.WriteLine($"invariants after the run: {(violations.Count == 0 ? "hold" : string.Join("; ", violations))}");
            await RecoverAsync(db, market, orders: 1_000_000);
        }
    }

    /// <summary>A batch of <paramref name="trades"/> resting sells each taken by one buy: 2 commands, 2 orders, 1 trade each.</summary>
    private static CommitBatch Build(OrderBook book, TradingScenario market, ref long nextId, int trades)
    {
        var ring = RingBuffer<EngineSlot>.Create(ProducerType.Single, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * trades)));
        var arena = new EventArena(1 << 14);
        var now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        for (var i = 0; i < 2 * trades; i++)
        {
            var side = i % 2 == 0 ? Side.Sell : Side.Buy;
            ref var slot = ref ring[i];
            slot.Command = EngineCommand.ForOrder(market.Pair.PairId,
                OrderCommand.Limit(nextId, market.Members[i % 2], side, 1_000, 1));
            slot.Command.CommandId = nextId++;
            slot.Command.Timestamp = now;
            slot.EventStart = arena.Cursor;
            var sink = new ArenaSink(arena);
            book.Execute(in slot.Command.Order, ref sink);
            slot.EventCount = (int)(arena.Cursor - slot.EventStart);
            slot.Status = CommandStatus.Executed;
        }

        return new CommitBatch(ring, arena, 0, (2 * trades) - 1, shardId: 0);
    }

    /// <summary>pgbench, one client, one durable single-row insert per transaction.</summary>
    private static double PgBench(PostgresTestDatabase db, int seconds)
    {
        var (tpsLine, tps) = RunInsertPgBench(db, ["-n", "-c", "1", "-j", "1", "-T", seconds.ToString(CultureInfo.InvariantCulture)], Path.GetTempPath());
        Console.WriteLine($"pgbench -n -c 1 -j 1 -T {seconds} (one single-row insert per transaction): {tpsLine}");
        return tps;
    }

    /// <summary>
    /// Runs Debian's pgbench against the database with these options and a script of one durable single-row insert
    /// per transaction, in a folder (where <c>-l</c> writes its logs); returns its "tps = " line and the tps.
    /// </summary>
    public static (string TpsLine, double Tps) RunInsertPgBench(PostgresTestDatabase db, IEnumerable<string> options, string folder)
    {
        db.Scalar("create table pgbench_rows (a bigint, b bigint, c bigint)");
        var script = Path.Combine(folder, "px-pgbench-insert.sql");
        File.WriteAllText(script, "\\set x random(1, 1000000000)\ninsert into pgbench_rows (a, b, c) values (:x, :x, :x);\n");
        var cs = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        var binary = Directory.GetFiles("/usr/lib/postgresql", "pgbench", SearchOption.AllDirectories).OrderDescending().First();
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in options.Concat(["-f", script, "-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username!, cs.Database!]))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PGPASSWORD"] = cs.Password;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pgbench failed: {errors.Result}");
        }

        var tpsLine = output.Split('\n').First(l => l.StartsWith("tps = ", StringComparison.Ordinal)).Trim();
        return (tpsLine, double.Parse(tpsLine.Split(' ')[2], CultureInfo.InvariantCulture));
    }

    private static async Task RecoverAsync(PostgresTestDatabase db, TradingScenario market, int orders)
    {
        var pair = await market.Ledger.CreatePairAsync("AIRMILES", "HOTEL", 1, 1, 1, 0, 0);
        var fill = Stopwatch.StartNew();
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var writer = await connection.BeginBinaryImportAsync(
                "copy orders (order_id, pair_id, account_id, side, order_type, time_in_force, post_only, stp, price, quantity, filled, status, priority, command_id, created_at, updated_at) from stdin (format binary)");
            var at = DateTime.UtcNow;
            for (var i = 0; i < orders; i++)
            {
                var id = 10_000_000_000L + i;
                await writer.StartRowAsync();
                await writer.WriteAsync(id);
                await writer.WriteAsync(pair.PairId);
                await writer.WriteAsync(market.Members[i % 2]);
                await writer.WriteAsync((short)Side.Sell);
                await writer.WriteAsync((short)OrderType.Limit);
                await writer.WriteAsync((short)TimeInForce.Gtc);
                await writer.WriteAsync(false);
                await writer.WriteAsync((short)SelfTradePrevention.ExpireMaker);
                await writer.WriteAsync(1_000L + (i % 50_000));
                await writer.WriteAsync(10L);
                await writer.WriteAsync(0L);
                await writer.WriteAsync((short)OrderStatus.New);
                await writer.WriteAsync(id);
                await writer.WriteAsync(id);
                await writer.WriteAsync(at);
                await writer.WriteAsync(at);
            }

            await writer.CompleteAsync();
        }

        db.Scalar("analyze orders");
        Console.WriteLine($"\nrecovery: wrote {orders:N0} open orders in {fill.Elapsed.TotalSeconds:N1} s (COPY, not timed below)");
        for (var run = 1; run <= 3; run++)
        {
            var load = Stopwatch.StartNew();
            var book = market.Ledger.Load(pair.PairId, pair.Spec).Book;
            Console.WriteLine($"recovery run {run}: {book.OrderCount:N0} open orders on {book.LevelCount(Side.Sell):N0} levels rebuilt in {load.Elapsed.TotalSeconds:N2} s");
        }
    }

    private readonly struct ArenaSink(EventArena arena) : IMatchEventSink
    {
        public void OnEvent(in MatchEvent e) => arena.Append(in e);
    }
}
