using PointsExchange.Cli;

// px: the PointsExchange command-line client.
//   server: --server URL, or PX_SERVER, default http://127.0.0.1:5080 (native gRPC, plain-text HTTP/2)
//   key:    --key KEY, or PX_API_KEY (sent as "authorization: Bearer <key>"; market data needs none)
// Exit codes: 0 ok, 1 the server refused or could not be reached, 2 bad usage.
return await PxApp.RunAsync(args, Console.Out, Console.Error);
