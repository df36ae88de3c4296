using PointsExchange.Contracts.V1;

namespace PointsExchange.Cli;

/// <summary>The words for each of the contract's enums that px reads or shows.</summary>
internal static class Words
{
    public static readonly WordMap<Side> Side = new(("buy", Contracts.V1.Side.Buy), ("sell", Contracts.V1.Side.Sell));

    public static readonly WordMap<OrderType> Type = new(("limit", OrderType.Limit), ("market", OrderType.Market));

    public static readonly WordMap<TimeInForce> Tif = new(("gtc", TimeInForce.Gtc), ("ioc", TimeInForce.Ioc), ("fok", TimeInForce.Fok));

    public static readonly WordMap<SelfTradePrevention> Stp = new(
        ("expire-maker", SelfTradePrevention.ExpireMaker),
        ("expire-taker", SelfTradePrevention.ExpireTaker),
        ("expire-both", SelfTradePrevention.ExpireBoth));

    public static readonly WordMap<Role> Role = new(
        ("admin", Contracts.V1.Role.Admin), ("merchant", Contracts.V1.Role.Merchant), ("user", Contracts.V1.Role.User));

    // Shown only, never read: the contract's names without their prefix, "partial" kept short for 80 columns.
    public static readonly WordMap<OrderStatus> Status = new(
        ("new", OrderStatus.New),
        ("partial", OrderStatus.PartiallyFilled),
        ("filled", OrderStatus.Filled),
        ("cancelled", OrderStatus.Cancelled),
        ("expired", OrderStatus.Expired),
        ("rejected", OrderStatus.Rejected));

    public static readonly WordMap<PairStatus> PairStatus = new(
        ("trading", Contracts.V1.PairStatus.Trading), ("halted", Contracts.V1.PairStatus.Halted));

    public static readonly WordMap<Liquidity> Liquidity = new(
        ("maker", Contracts.V1.Liquidity.Maker), ("taker", Contracts.V1.Liquidity.Taker));
}
