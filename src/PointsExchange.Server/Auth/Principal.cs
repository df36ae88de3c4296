using PointsExchange.Ledger;

namespace PointsExchange.Server.Auth;

/// <summary>Who is calling: resolved from the API key by <see cref="AuthInterceptor"/>.</summary>
public sealed record Principal(long AccountId, AccountRole Role);
