namespace PointsExchange.LoadTest;

/// <summary>What one request of the order mix does.</summary>
public enum OrderKind
{
    /// <summary>A LIMIT GTC order a few ticks behind the touch: it rests.</summary>
    Limit = 0,

    /// <summary>A LIMIT IOC or FOK order priced through the touch: it trades, and its remainder expires.</summary>
    Cross = 1,

    /// <summary>Cancels one of the generator's own resting orders.</summary>
    Cancel = 2,

    /// <summary>Moves one of the generator's own resting orders to a new price and quantity.</summary>
    Replace = 3,

    /// <summary>A MARKET order with a protection price: it trades and never rests.</summary>
    Market = 4,
}
