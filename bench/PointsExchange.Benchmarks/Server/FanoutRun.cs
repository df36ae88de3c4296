using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;
using PointsExchange.Contracts.V1;

namespace PointsExchange.Benchmarks.Server;

/// <summary>
/// Market data fan-out against a running server: N StreamTrades subscribers on HOTEL-AIRMILES, each its own
/// stream read as fast as it can, while two order-entry sessions make trades at a fixed rate (open loop).
/// One row per (subscribers, rate): trades made, subscribers cut off (RESOURCE_EXHAUSTED), the fewest
/// messages one subscriber received, holes in the seq numbers, the ingress-to-receive latency and the CPU.
/// </summary>
/// <remarks>
/// <c>source .data/demo-keys.env; dotnet run -c Release --project bench/PointsExchange.Benchmarks -- fanout [server] [seconds] [subscriber counts] [trade rates]</c>,
/// the lists comma-separated (default 1,10,100,500,1000 and 500,2000).
/// Set <c>PX_SERVER_PID</c> to the server's process id for its CPU column (Linux /proc).
/// <para>
/// Each trade is one pair of one-lot GTC orders at a price inside the spread, a sell and a buy from the two
/// members, who swap roles every block of 500 trades so that neither runs out of points.
/// Latency is the subscriber's wall clock at receipt minus the trade's <c>time</c> (the command's ingress
/// stamp on the server's wall clock; one clock on loopback): matching + durable commit + publish +
/// delivery, an upper bound of publish-to-receive. It is not corrected for the client's pacing: a late
/// order is stamped late, so the achieved rate is printed beside the target.
/// </para>
/// <code>
///  pacer ──place──▶ session alice ─┐                      ┌─▶ channel 1: streams 1..90  ─▶ readers
///        ──place──▶ session bob   ─┴─▶ server ─publish─┬──┼─▶ channel 2: streams 91..180 ─▶ readers
///                   (load channel)                     └──┴─▶ ... ceil(N / 90) channels (Kestrel: 100 streams each)
/// </code>
/// </remarks>
internal static class FanoutRun
{
    private const string Symbol = "HOTEL-AIRMILES";

    /// <summary>Streams per HTTP/2 connection: below Kestrel's default limit of 100 concurrent streams.</summary>
    private const int StreamsPerChannel = 90;

    /// <summary>Trades per block of fixed roles: 500 lots are 50,000 of a demo member's 200,000 HOTEL points.</summary>
    private const int BlockPairs = 500;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(string[] args)
    {
        var server = args.Length > 1 ? args[1] : "http://127.0.0.1:5080";
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var counts = args.Length > 3 ? Numbers(args[3]) : [1, 10, 100, 500, 1_000];
        var rates = args.Length > 4 ? Numbers(args[4]) : [500, 2_000];
        string[] keys = [Key("PX_ALICE_KEY"), Key("PX_BOB_KEY")];
        var serverPid = int.TryParse(Environment.GetEnvironmentVariable("PX_SERVER_PID"), out var pid) ? pid : 0;
        using var load = GrpcChannel.ForAddress(server);
        var market = new MarketData.MarketDataClient(load);
        var book = await market.GetOrderBookAsync(new GetOrderBookRequest { Symbol = Symbol, Depth = 1 });
        if (book.Bids.Count == 0 || book.Asks.Count == 0 || book.Asks[0].Price - book.Bids[0].Price < 2)
        {
            throw new InvalidOperationException($"{Symbol} needs a bid and an ask at least 2 ticks apart (a fresh demo ledger has 119/121)");
        }

        var price = book.Bids[0].Price + 1;
        Console.WriteLine($"server {server}; {Symbol}; each trade = a 1-lot GTC sell and buy at {price} (inside the spread), roles swapped every {BlockPairs} trades; " +
            $"{seconds} s per row; {StreamsPerChannel} streams per connection; latency = subscriber receive time - trade ingress time");

        var pairs = new Counter();
        await RoundAsync(load, server, keys, price, pairs, subscribers: 10, rate: 500, seconds: 3, serverPid, print: false);
        Console.WriteLine($"{"subs",5} {"target/s",8} {"trades",7} {"trades/s",8} {"ord err",7} {"cut off",7} {"msgs/sub min",12} {"gaps",5} " +
            $"{"p50 ms",8} {"p99 ms",8} {"max ms",8}  cpu cores client/server/all");
        foreach (var rate in rates)
        {
            foreach (var subscribers in counts)
            {
                await RoundAsync(load, server, keys, price, pairs, subscribers, rate, seconds, serverPid, print: true);
            }
        }
    }

    private static async Task RoundAsync(GrpcChannel load, string server, string[] keys, long price, Counter pairs, int subscribers, int rate, int seconds,
        int serverPid, bool print)
    {
        var market = new MarketData.MarketDataClient(load);
        var channels = Enumerable.Range(0, (subscribers + StreamsPerChannel - 1) / StreamsPerChannel).Select(_ => GrpcChannel.ForAddress(server)).ToList();
        var latency = new Striped();
        using var stop = new CancellationTokenSource();
        var subs = new List<Subscriber>(subscribers);
        try
        {
            for (var i = 0; i < subscribers; i++)
            {
                var call = new MarketData.MarketDataClient(channels[i / StreamsPerChannel])
                    .StreamTrades(new StreamTradesRequest { Symbol = Symbol }, cancellationToken: stop.Token);
                subs.Add(new Subscriber(call));
            }

            // Headers come once the subscription is registered: from here on nothing published is missed.
            await Task.WhenAll(subs.Select(s => s.Call.ResponseHeadersAsync));
            var firstSeq = await LastSeqAsync(market) + 1;
            var readers = subs.Select((s, i) => s.ReadAsync(firstSeq, latency, i, stop.Token)).ToList();

            var cpu = CpuSample.Take(serverPid);
            var start = Stopwatch.GetTimestamp();
            var errors = await PlaceAsync(new Trading.TradingClient(load), keys, price, rate, seconds, pairs);
            var lastSeq = await LastSeqAsync(market);
            var trades = lastSeq - firstSeq + 1;
            var achieved = trades / Stopwatch.GetElapsedTime(start).TotalSeconds;
            var drainDeadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
            while (subs.Any(s => !s.Ended && s.LastSeq < lastSeq) && Stopwatch.GetTimestamp() < drainDeadline)
            {
                await Task.Delay(20);
            }

            var used = CpuSample.Take(serverPid).Minus(cpu);
            await stop.CancelAsync();
            await Task.WhenAll(readers);
            if (print)
            {
                var h = latency.Merge();
                const double Ms = 1000.0;
                Console.WriteLine($"{subscribers,5:N0} {rate,8:N0} {trades,7:N0} {achieved,8:N0} {errors,7:N0} {subs.Count(s => s.CutOff),7:N0} " +
                    $"{subs.Min(s => s.Received),12:N0} {subs.Sum(s => s.Gaps),5:N0} {h.GetValueAtPercentile(50) / Ms,8:N2} {h.GetValueAtPercentile(99) / Ms,8:N2} " +
                    $"{h.GetMaxValue() / Ms,8:N2}  {used}");
                foreach (var failure in subs.Where(s => s.Failure is not null).Select(s => s.Failure).Distinct().Take(3))
                {
                    Console.WriteLine($"      subscriber ended: {failure}");
                }
            }
        }
        finally
        {
            foreach (var s in subs)
            {
                s.Call.Dispose();
            }

            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>Sends rate pairs of crossing orders per second for the given seconds; returns how many were refused.</summary>
    /// <remarks>
    /// Within a block one member only sells and the other only buys, so every order meets the other member's
    /// (whichever of the two arrives first rests). The roles swap between blocks, after every order of the
    /// block was answered: otherwise a member's buy could meet its own resting sell (the sessions drift apart
    /// under load) and self-trade prevention would expire it: the first version lost 60 % of its trades so.
    /// The block count runs on across rounds (<paramref name="pairs"/>), so a member's net position stays
    /// within one block: restarting it each round drained one member by a block per round.
    /// </remarks>
    private static async Task<int> PlaceAsync(Trading.TradingClient trading, string[] keys, long price, int rate, int seconds, Counter pairs)
    {
        var sessions = keys.Select(k => new Session(trading.StreamOrderEntry(new Metadata { { "authorization", "Bearer " + k } }))).ToArray();
        var readers = sessions.Select(s => s.ReadAsync()).ToArray();
        var total = (long)rate * seconds;
        var start = Stopwatch.GetTimestamp();
        for (long sent = 0; sent < total;)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; sent < due; sent++, pairs.Value++)
            {
                if (pairs.Value > 0 && pairs.Value % BlockPairs == 0)
                {
                    await Task.WhenAll(sessions.Select(s => s.AllAnsweredAsync()));
                }

                var (seller, buyer) = pairs.Value / BlockPairs % 2 == 0 ? (sessions[0], sessions[1]) : (sessions[1], sessions[0]);
                await seller.PlaceAsync(Side.Sell, price);
                await buyer.PlaceAsync(Side.Buy, price);
            }

            await Task.Delay(1);
        }

        foreach (var s in sessions)
        {
            await s.Call.RequestStream.CompleteAsync();
        }

        await Task.WhenAll(readers);
        foreach (var s in sessions)
        {
            s.Call.Dispose();
        }

        return sessions.Sum(s => s.Errors);
    }

    /// <summary>The pair's last trade number, as the ledger has it (0 before the first trade).</summary>
    private static async Task<long> LastSeqAsync(MarketData.MarketDataClient market) =>
        (await market.GetTradesAsync(new GetTradesRequest { Symbol = Symbol, Limit = 1 })).Trades.Select(t => t.Seq).FirstOrDefault();

    private static int[] Numbers(string list) => [.. list.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))];

    private static string Key(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } key ? key : throw new InvalidOperationException($"{name} is not set: source .data/demo-keys.env");

    /// <summary>Order pairs sent so far, over all rounds: it decides who sells.</summary>
    private sealed class Counter
    {
        public long Value { get; set; }
    }

    /// <summary>One order-entry session: the pacer writes, a reader counts the reports.</summary>
    private sealed class Session(AsyncDuplexStreamingCall<OrderEntryRequest, ExecutionReport> call)
    {
        private long _sent;
        private long _answered;

        public AsyncDuplexStreamingCall<OrderEntryRequest, ExecutionReport> Call { get; } = call;

        public int Errors { get; private set; }

        public Task PlaceAsync(Side side, long price)
        {
            _sent++;
            return Call.RequestStream.WriteAsync(new OrderEntryRequest
            {
                Place = new PlaceOrderRequest { Symbol = Symbol, Side = side, Type = OrderType.Limit, Price = price, Quantity = 1 },
            });
        }

        /// <summary>Completes once every order sent so far was answered (polls: the wait is a few milliseconds per block).</summary>
        public async Task AllAnsweredAsync()
        {
            while (Interlocked.Read(ref _answered) < _sent)
            {
                await Task.Delay(1);
            }
        }

        public async Task ReadAsync()
        {
            await foreach (var report in Call.ResponseStream.ReadAllAsync())
            {
                if (report.ErrorCode != 0 && Errors++ == 0)
                {
                    Console.WriteLine($"      order refused: {(StatusCode)report.ErrorCode} {report.ErrorMessage}");
                }

                Interlocked.Increment(ref _answered);
            }
        }
    }

    /// <summary>One StreamTrades subscriber. Its fields are written by its reader only; the round reads them after it ends.</summary>
    private sealed class Subscriber(AsyncServerStreamingCall<Trade> call)
    {
        private long _lastSeq;
        private volatile bool _ended;

        public AsyncServerStreamingCall<Trade> Call { get; } = call;

        /// <summary>The last seq received; the round polls it while it waits for the stream to drain.</summary>
        public long LastSeq => Volatile.Read(ref _lastSeq);

        public long Received { get; private set; }

        /// <summary>Trade numbers skipped (or repeated) between and before the messages received; a healthy stream has none.</summary>
        public long Gaps { get; private set; }

        public bool CutOff { get; private set; }

        public string? Failure { get; private set; }

        public bool Ended => _ended;

        public async Task ReadAsync(long firstSeq, Striped latency, int index, CancellationToken stop)
        {
            var expected = firstSeq;
            try
            {
                while (await Call.ResponseStream.MoveNext(stop))
                {
                    var trade = Call.ResponseStream.Current;
                    var nowMicros = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
                    latency.Record(index, nowMicros - ((trade.Time.Seconds * 1_000_000) + (trade.Time.Nanos / 1_000)));
                    Received++;
                    Gaps += Math.Abs(trade.Seq - expected);
                    expected = trade.Seq + 1;
                    Volatile.Write(ref _lastSeq, trade.Seq);
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                CutOff = true;
                Failure = $"{e.StatusCode}: {e.Status.Detail}";
            }
            catch (RpcException e) when (stop.IsCancellationRequested && e.StatusCode == StatusCode.Cancelled)
            {
                // The round ended the stream.
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The round ended the stream.
            }
            catch (RpcException e)
            {
                Failure = $"{e.StatusCode}: {e.Status.Detail}";
            }
            finally
            {
                _ended = true;
            }
        }
    }

    /// <summary>Latency in microseconds, in a few histograms so that a thousand readers rarely wait on one lock.</summary>
    private sealed class Striped
    {
        private readonly LongHistogram[] _stripes = Enumerable.Range(0, 8).Select(_ => new LongHistogram(60_000_000, 3)).ToArray();

        public void Record(int index, long micros)
        {
            var stripe = _stripes[index % _stripes.Length];
            lock (stripe)
            {
                stripe.RecordValue(Math.Clamp(micros, 0, 60_000_000));
            }
        }

        public LongHistogram Merge()
        {
            var all = new LongHistogram(60_000_000, 3);
            foreach (var stripe in _stripes)
            {
                all.Add(stripe);
            }

            return all;
        }
    }

    /// <summary>CPU time of this client, of the server (if its pid is known) and of the whole machine, from /proc on Linux.</summary>
    private readonly record struct CpuSample(TimeSpan Wall, TimeSpan Client, TimeSpan Server, TimeSpan Busy)
    {
        private static readonly double TickSeconds = 0.01; // USER_HZ: 100 on Linux

        public static CpuSample Take(int serverPid)
        {
            var server = TimeSpan.Zero;
            if (serverPid > 0 && File.Exists($"/proc/{serverPid}/stat"))
            {
                var fields = File.ReadAllText($"/proc/{serverPid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                server = TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * TickSeconds);
            }

            var busy = TimeSpan.Zero;
            if (File.Exists("/proc/stat"))
            {
                // cpu user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait.
                var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                    .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                busy = TimeSpan.FromSeconds((cpu.Sum() - cpu[3] - cpu[4]) * TickSeconds);
            }

            return new CpuSample(TimeSpan.FromSeconds(Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency), Process.GetCurrentProcess().TotalProcessorTime, server, busy);
        }

        public CpuSample Minus(CpuSample earlier) => new(Wall - earlier.Wall, Client - earlier.Client, Server - earlier.Server, Busy - earlier.Busy);

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Client / Wall:0.00}/{(Server > TimeSpan.Zero ? (Server / Wall).ToString("0.00", CultureInfo.InvariantCulture) : "-")}/{Busy / Wall:0.00}");
    }
}
