namespace PointsExchange.Matching;

/// <summary>
/// Why a command was rejected or an order ended. Expected failures are values, never exceptions.
/// Stored in the journal and sent to clients: values are explicit and append-only.
/// </summary>
public enum ReasonCode : byte
{
    /// <summary>No reason: the event is not a failure or an end.</summary>
    None = 0,

    // Rejections: the command changed nothing.

    /// <summary>The command type is not one of <see cref="CommandType"/>.</summary>
    InvalidCommand = 1,

    /// <summary>The order id is zero or negative.</summary>
    InvalidOrderId = 2,

    /// <summary>The account id is zero or negative.</summary>
    InvalidAccount = 3,

    /// <summary>The side is not BUY or SELL.</summary>
    InvalidSide = 4,

    /// <summary>The order type is not LIMIT or MARKET.</summary>
    InvalidOrderType = 5,

    /// <summary>The time in force is not GTC, IOC or FOK.</summary>
    InvalidTimeInForce = 6,

    /// <summary>The self-trade prevention mode is unknown.</summary>
    InvalidSelfTradePrevention = 7,

    /// <summary>The price is zero or negative.</summary>
    InvalidPrice = 8,

    /// <summary>The price is not a multiple of the pair's tick size.</summary>
    PriceNotOnTick = 9,

    /// <summary>The quantity is zero or negative.</summary>
    InvalidQuantity = 10,

    /// <summary>The quantity is below the pair's minimum quantity.</summary>
    BelowMinQuantity = 11,

    /// <summary><c>quantity * price</c> or <c>quantity * lot_size</c> does not fit a 64-bit integer.</summary>
    NotionalOverflow = 12,

    /// <summary>Post-only is only allowed on LIMIT GTC orders.</summary>
    PostOnlyNotAllowed = 13,

    /// <summary>An order with this id is already resting on the book.</summary>
    DuplicateOrderId = 14,

    /// <summary>No resting order has this id.</summary>
    UnknownOrder = 15,

    /// <summary>The order belongs to another account.</summary>
    AccountMismatch = 16,

    /// <summary>An amend must reduce the order's quantity.</summary>
    AmendMustReduce = 17,

    /// <summary>A replace's new quantity must exceed what the order has already filled.</summary>
    ReplaceBelowFilled = 18,

    /// <summary>A post-only order would have traded at once.</summary>
    PostOnlyWouldCross = 19,

    /// <summary>An order restored into the book would cross the other side: the state it came from is inconsistent.</summary>
    WouldCross = 20,

    // Ends: an order left the book or never rested.

    /// <summary>The owner cancelled the order.</summary>
    CancelledByUser = 64,

    /// <summary>An amend reduced the quantity to or below the filled quantity, which cancels the rest.</summary>
    AmendedBelowFilled = 65,

    /// <summary>What an IOC limit order could not trade at once.</summary>
    IocRemainder = 66,

    /// <summary>A FOK order could not trade completely at once, so nothing traded.</summary>
    FokNotFillable = 67,

    /// <summary>What a market order could not trade within its protection price.</summary>
    MarketRemainder = 68,

    /// <summary>The incoming order met its own account's resting order and its mode expired the incoming order.</summary>
    SelfTradeTaker = 69,

    /// <summary>The resting order met an incoming order of its own account and the mode expired the resting order.</summary>
    SelfTradeMaker = 70,
}
