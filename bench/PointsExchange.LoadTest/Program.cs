// px-load: drives the exchange hard over gRPC and reads its matching latency (issue 8).
//
//   scripts/px-load --rate 2000 --duration 30s          open loop, StreamOrderEntry sessions (see --help)
//
// Ctrl-C (or SIGTERM) stops sending, waits for the answers still due, checks the ledger and writes the report of
// what was measured; a second Ctrl-C ends the process at once. A second one within a second of the first is taken for
// the same press: `timeout -s INT` signals both the process and its group, so it arrives twice.
// Exit codes: 0 done, 1 refused or unreachable, 2 bad usage, 3 the run found a problem (unexpected errors,
// unanswered requests or a failed check), 130 stopped early (the report says so).
using System.Runtime.InteropServices;
using PointsExchange.LoadTest;

using var stop = new CancellationTokenSource();
var firstPress = 0L;
Console.CancelKeyPress += (_, e) =>
{
    if (!stop.IsCancellationRequested)
    {
        e.Cancel = true;
        firstPress = Environment.TickCount64;
        stop.Cancel();
    }
    else if (Environment.TickCount64 - firstPress < 1_000)
    {
        e.Cancel = true;
    }
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

return await LoadApp.RunAsync(args, Console.Out, Console.Error, stop.Token);
