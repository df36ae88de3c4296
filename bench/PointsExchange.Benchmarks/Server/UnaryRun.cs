using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;
using PointsExchange.Contracts.V1;

namespace PointsExchange.Benchmarks.Server;

/// <summary>
/// Unary PlaceOrder over one client connection against a running server (bash scripts/start.sh):
/// open loop at a fixed rate, latency from each order's intended send time (so a stall counts), and
/// closed loop with a fixed number of calls in flight, for the highest rate the connection sustains.
/// Two demo members alternate crossing orders of one lot, so every other order trades.
/// </summary>
/// <remarks>
/// <c>source .data/demo-keys.env; dotnet run -c Release --project bench/PointsExchange.Benchmarks -- unary [server] [seconds]</c>
/// </remarks>
internal static class UnaryRun
{
    public static async Task RunAsync(string[] args)
    {
        var server = args.Length > 1 ? args[1] : "http://127.0.0.1:5080";
        var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
        string[] keys = [Key("PX_ALICE_KEY"), Key("PX_BOB_KEY")];
        using var channel = GrpcChannel.ForAddress(server);
        var trading = new Trading.TradingClient(channel);
        var book = await new MarketData.MarketDataClient(channel).GetOrderBookAsync(new GetOrderBookRequest { Symbol = "HOTEL-AIRMILES", Depth = 1 });
        var price = book.Asks.Count > 0 ? book.Asks[0].Price + 10 : 130;
        Console.WriteLine($"server {server}; HOTEL-AIRMILES orders of 1 lot at {price}, alternating buy and sell between two members");

        Console.WriteLine($"{"mode",-28} {"orders",8} {"ok",8} {"errors",7} {"orders/s",9} {"p50 ms",8} {"p99 ms",8} {"p99.9 ms",9} {"max ms",8}");
        await OpenLoopAsync(trading, keys, price, rate: 200, seconds: 5, print: false);
        await OpenLoopAsync(trading, keys, price, rate: 1_000, seconds, print: true);
        foreach (var inFlight in new[] { 1, 16, 64, 256 })
        {
            await ClosedLoopAsync(trading, keys, price, inFlight, seconds);
        }
    }

    private static async Task OpenLoopAsync(Trading.TradingClient trading, string[] keys, long price, int rate, int seconds, bool print)
    {
        var histogram = NewHistogram();
        var total = rate * seconds;
        var calls = new List<Task>(total);
        var (ok, errors) = (0, 0);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var intended = start + (long)(i * (Stopwatch.Frequency / (double)rate));
            while (Stopwatch.GetTimestamp() < intended)
            {
                await Task.Delay(1);
            }

            calls.Add(PlaceAsync(trading, keys, price, i, intended, histogram).ContinueWith(t =>
            {
                if (t.Result)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }, TaskScheduler.Default));
        }

        await Task.WhenAll(calls);
        if (print)
        {
            Print($"open loop {rate:N0}/s (CO corrected)", total, ok, errors, Stopwatch.GetElapsedTime(start).TotalSeconds, histogram);
        }
    }

    private static async Task ClosedLoopAsync(Trading.TradingClient trading, string[] keys, long price, int inFlight, int seconds)
    {
        var histogram = NewHistogram();
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var (count, ok, errors) = (0, 0, 0);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var i = Interlocked.Increment(ref count);
                if (await PlaceAsync(trading, keys, price, i, Stopwatch.GetTimestamp(), histogram))
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        Print($"closed loop, {inFlight} in flight", count, ok, errors, Stopwatch.GetElapsedTime(start).TotalSeconds, histogram);
    }

    private static async Task<bool> PlaceAsync(Trading.TradingClient trading, string[] keys, long price, int i, long intended, LongHistogram histogram)
    {
        var side = i % 2 == 0 ? Side.Buy : Side.Sell;
        try
        {
            await trading.PlaceOrderAsync(new PlaceOrderRequest { Symbol = "HOTEL-AIRMILES", Side = side, Type = OrderType.Limit, Price = price, Quantity = 1 },
                new Metadata { { "authorization", "Bearer " + keys[(i / 2) % 2] } });
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
        finally
        {
            lock (histogram)
            {
                histogram.RecordValue(Stopwatch.GetTimestamp() - intended);
            }
        }
    }

    private static LongHistogram NewHistogram() => new(Stopwatch.Frequency * 60, 3);

    private static void Print(string mode, int orders, int ok, int errors, double seconds, LongHistogram h)
    {
        double ms = Stopwatch.Frequency / 1000.0;
        Console.WriteLine($"{mode,-28} {orders,8:N0} {ok,8:N0} {errors,7:N0} {ok / seconds,9:N0} {h.GetValueAtPercentile(50) / ms,8:N2} " +
            $"{h.GetValueAtPercentile(99) / ms,8:N2} {h.GetValueAtPercentile(99.9) / ms,9:N2} {h.GetMaxValue() / ms,8:N2}");
    }

    private static string Key(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } key ? key : throw new InvalidOperationException($"{name} is not set: source .data/demo-keys.env");
}
