namespace PointsExchange.Matching;

/// <summary>
/// One command for one book. A mutable struct with public fields on purpose: it lives inside
/// pre-allocated ring slots and is filled in place, so building one allocates nothing.
/// Ids enter with the command (the engine assigns them); matching never makes up an id or reads a clock.
/// </summary>
/// <remarks>
/// Field use per type: Place uses all; Cancel uses OrderId and AccountId; Amend uses OrderId,
/// AccountId and Quantity (the new total quantity, filled part included); Replace uses OrderId,
/// AccountId, Price and Quantity (the new price and new total quantity).
/// </remarks>
public struct OrderCommand
{
    public CommandType Type;
    public Side Side;
    public OrderType OrderType;
    public TimeInForce TimeInForce;
    public SelfTradePrevention SelfTradePrevention;
    public bool PostOnly;

    /// <summary>Positive, unique per book among resting orders (the engine makes it unique for ever).</summary>
    public long OrderId;

    /// <summary>The account that owns the order; positive.</summary>
    public long AccountId;

    /// <summary>QUOTE points per lot: the limit, or a market order's protection price.</summary>
    public long Price;

    /// <summary>Lots.</summary>
    public long Quantity;

    public static OrderCommand Limit(long orderId, long accountId, Side side, long price, long quantity,
        TimeInForce timeInForce = TimeInForce.Gtc, bool postOnly = false,
        SelfTradePrevention selfTradePrevention = SelfTradePrevention.ExpireMaker) => new()
        {
            Type = CommandType.Place,
            OrderType = OrderType.Limit,
            OrderId = orderId,
            AccountId = accountId,
            Side = side,
            Price = price,
            Quantity = quantity,
            TimeInForce = timeInForce,
            PostOnly = postOnly,
            SelfTradePrevention = selfTradePrevention,
        };

    public static OrderCommand Market(long orderId, long accountId, Side side, long protectionPrice, long quantity,
        TimeInForce timeInForce = TimeInForce.Ioc,
        SelfTradePrevention selfTradePrevention = SelfTradePrevention.ExpireMaker) => new()
        {
            Type = CommandType.Place,
            OrderType = OrderType.Market,
            OrderId = orderId,
            AccountId = accountId,
            Side = side,
            Price = protectionPrice,
            Quantity = quantity,
            TimeInForce = timeInForce,
            SelfTradePrevention = selfTradePrevention,
        };

    public static OrderCommand Cancel(long orderId, long accountId) =>
        new() { Type = CommandType.Cancel, OrderId = orderId, AccountId = accountId };

    public static OrderCommand Amend(long orderId, long accountId, long newQuantity) =>
        new() { Type = CommandType.Amend, OrderId = orderId, AccountId = accountId, Quantity = newQuantity };

    public static OrderCommand Replace(long orderId, long accountId, long newPrice, long newQuantity) =>
        new() { Type = CommandType.Replace, OrderId = orderId, AccountId = accountId, Price = newPrice, Quantity = newQuantity };
}
