// px: the PointsExchange command-line client. It references the contract (proto) only, like a client in any language.
//
// Where it connects and as whom; a flag wins over its environment variable:
//   --server URL   or PX_SERVER    the exchange's gRPC address; default http://127.0.0.1:5080 (plain-text HTTP/2)
//   --key KEY      or PX_API_KEY   the API key, sent as "authorization: Bearer <key>" (market data sends none)
//   --timeout SECONDS              each call's deadline, default 10
//   --json                         the responses as JSON (proto field names), nothing else on stdout
// Exit codes: 0 done, 1 refused by the server or unreachable, 2 bad usage, 130 interrupted.
using PointsExchange.Cli;

return await new PxApp(Console.Out, Console.Error, Environment.GetEnvironmentVariable).RunAsync(args);
