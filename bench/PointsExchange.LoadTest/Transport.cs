namespace PointsExchange.LoadTest;

/// <summary>How requests travel. Written to result.json by name.</summary>
public enum Transport
{
    /// <summary>One StreamOrderEntry session per member: reports matched to requests by client_order_id.</summary>
    Stream = 1,

    /// <summary>PlaceOrder, CancelOrder and ReplaceOrder calls, one per request.</summary>
    Unary = 2,
}
