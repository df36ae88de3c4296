namespace PointsExchange.Grains;

/// <summary>gRPC status codes as plain ints: grains answer with them so the contract needs no gRPC assembly.</summary>
public static class StatusCodes
{
    public const int Ok = 0;
    public const int InvalidArgument = 3;
    public const int NotFound = 5;
    public const int AlreadyExists = 6;
    public const int PermissionDenied = 7;
    public const int ResourceExhausted = 8;
    public const int FailedPrecondition = 9;
    public const int Unavailable = 14;
}
