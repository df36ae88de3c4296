using PointsExchange.Server;

// The PointsExchange server; see ServerHost for its endpoints and settings.
ServerHost.Build(args).Run();
