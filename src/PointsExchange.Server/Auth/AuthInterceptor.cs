using Grpc.Core;
using Grpc.Core.Interceptors;
using Npgsql;
using PointsExchange.Ledger;

namespace PointsExchange.Server.Auth;

/// <summary>
/// Authenticates every call (metadata <c>authorization: Bearer &lt;api key&gt;</c>) and authorises it by
/// service: Admin needs ADMIN, Merchant needs MERCHANT, Trading any key; MarketData, health and
/// reflection need none. Also turns the ledger's refusals into their gRPC status. Keys are never logged.
/// </summary>
public sealed class AuthInterceptor(ApiKeys keys) : Interceptor
{
    public const string PrincipalKey = "px.principal";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await Translate(() => continuation(request, context));
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await Translate(async () =>
        {
            await continuation(request, responseStream, context);
            return 0;
        });
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await Translate(() => continuation(requestStream, context));
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await Translate(async () =>
        {
            await continuation(requestStream, responseStream, context);
            return 0;
        });
    }

    /// <summary>The caller of a service that requires a key.</summary>
    public static Principal Caller(ServerCallContext context) =>
        context.UserState.TryGetValue(PrincipalKey, out var p) && p is Principal principal
            ? principal
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "missing API key"));

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        var service = context.Method.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        AccountRole? required = service switch
        {
            "pointsexchange.v1.Admin" => AccountRole.Admin,
            "pointsexchange.v1.Merchant" => AccountRole.Merchant,
            "pointsexchange.v1.Trading" => AccountRole.User,
            _ => null,
        };
        if (required is null)
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(header))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "authorization: missing; send 'authorization: Bearer <api key>'"));
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "authorization: expected 'Bearer <api key>'"));
        }

        var principal = await keys.ResolveAsync(header["Bearer ".Length..].Trim(), context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "authorization: the API key is not valid"));

        // Trading is open to every role; Admin and Merchant only to theirs.
        if (required != AccountRole.User && principal.Role != required)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"{service.Split('.').Last()} calls need a {required.ToString()!.ToUpperInvariant()} key; this key is {principal.Role.ToString().ToUpperInvariant()}"));
        }

        context.UserState[PrincipalKey] = principal;
    }

    private static async Task<T> Translate<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (AsStatus(e) is { } status)
        {
            throw status;
        }
    }

    /// <summary>The gRPC status a ledger refusal or outage answers; null for anything else.</summary>
    public static RpcException? AsStatus(Exception e) => e switch
    {
        LedgerRuleException rule => new RpcException(new Status(rule.Rule switch
        {
            LedgerRule.InvalidArgument => StatusCode.InvalidArgument,
            LedgerRule.NotFound => StatusCode.NotFound,
            LedgerRule.AlreadyExists => StatusCode.AlreadyExists,
            LedgerRule.PermissionDenied => StatusCode.PermissionDenied,
            _ => StatusCode.FailedPrecondition,
        }, rule.Message)),
        NpgsqlException and not PostgresException =>
            new RpcException(new Status(StatusCode.Unavailable, "the ledger is unreachable; nothing was applied, retry later")),
        _ => null,
    };
}
