using PointsExchange.Engine;
using PointsExchange.Matching;

namespace PointsExchange.Ledger;

/// <summary>Receives one balance effect: a change of an account's total and held points of one currency.</summary>
public interface IBalanceMover
{
    void Move(long account, int currency, long total, long held);
}

/// <summary>
/// What each matching event does to balances, in one place for the ledger's settlement and for the
/// accounts' in-memory risk view:
/// <list type="bullet">
/// <item>An order holds what it could spend: a BUY holds remaining × price QUOTE points (a MARKET buy, its
/// protection price), a SELL holds remaining × lot_size BASE points. Accepted adds the hold; trades,
/// cancels and expiries release it; amend and replace move it.</item>
/// <item>A trade of q lots at p moves q × lot_size BASE from seller to buyer and q × p QUOTE from buyer to
/// seller; each side pays its fee (maker or taker bps) in the currency it receives,
/// <c>floor(received × bps / 10000)</c>, to the exchange's fee account. The taker held at its own limit
/// (the command's price), so a price improvement frees the difference.</item>
/// </list>
/// Total moves of a trade are its ledger entries, in the order buyer BASE, seller BASE, fee BASE, seller
/// QUOTE, buyer QUOTE, fee QUOTE; zero moves are skipped.
/// </summary>
public static class BalanceEffects
{
    public static void Apply<TMover>(PairInfo pair, long feeAccountId, in EngineCommand command, in MatchEvent e, ref TMover mover)
        where TMover : IBalanceMover
    {
        switch (e.Kind)
        {
            case MatchEventKind.Accepted:
                Hold(pair, e.AccountId, e.Side, e.Price, e.Quantity, ref mover);
                break;
            case MatchEventKind.Trade:
                Trade(pair, feeAccountId, command.Order.Price, in e, ref mover);
                break;
            case MatchEventKind.Cancelled or MatchEventKind.Expired:
                Hold(pair, e.AccountId, e.Side, e.Price, -e.Quantity, ref mover);
                break;
            case MatchEventKind.Amended:
                Hold(pair, e.AccountId, e.Side, e.Price, e.Remaining - e.PreviousRemaining, ref mover);
                break;
            case MatchEventKind.Replaced:
                Hold(pair, e.AccountId, e.Side, e.PreviousPrice, -e.PreviousRemaining, ref mover);
                Hold(pair, e.AccountId, e.Side, e.Price, e.Remaining, ref mover);
                break;
        }
    }

    /// <summary><c>floor(amount × bps / 10000)</c> without overflow.</summary>
    public static long Fee(long amount, int bps) => (long)((Int128)amount * bps / 10_000);

    /// <summary>The points an order of <paramref name="lots"/> holds, and in which currency.</summary>
    public static (int Currency, long Points) HoldOf(PairInfo pair, Side side, long price, long lots) =>
        side == Side.Buy ? (pair.QuoteCurrencyId, checked(lots * price)) : (pair.BaseCurrencyId, checked(lots * pair.LotSize));

    private static void Trade<TMover>(PairInfo pair, long feeAccountId, long takerLimit, in MatchEvent e, ref TMover mover)
        where TMover : IBalanceMover
    {
        var baseAmount = checked(e.Quantity * pair.LotSize);
        var quoteAmount = checked(e.Quantity * e.Price);
        var (buyer, seller) = e.Side == Side.Buy ? (e.AccountId, e.MakerAccountId) : (e.MakerAccountId, e.AccountId);
        var (buyerBps, sellerBps) = e.Side == Side.Buy ? (pair.TakerFeeBps, pair.MakerFeeBps) : (pair.MakerFeeBps, pair.TakerFeeBps);
        var buyerFee = Fee(baseAmount, buyerBps);
        var sellerFee = Fee(quoteAmount, sellerBps);
        Total(buyer, pair.BaseCurrencyId, baseAmount - buyerFee, ref mover);
        Total(seller, pair.BaseCurrencyId, -baseAmount, ref mover);
        Total(feeAccountId, pair.BaseCurrencyId, buyerFee, ref mover);
        Total(seller, pair.QuoteCurrencyId, quoteAmount - sellerFee, ref mover);
        Total(buyer, pair.QuoteCurrencyId, -quoteAmount, ref mover);
        Total(feeAccountId, pair.QuoteCurrencyId, sellerFee, ref mover);
        Hold(pair, e.AccountId, e.Side, takerLimit, -e.Quantity, ref mover);
        Hold(pair, e.MakerAccountId, e.Side == Side.Buy ? Side.Sell : Side.Buy, e.Price, -e.Quantity, ref mover);
    }

    private static void Total<TMover>(long account, int currency, long amount, ref TMover mover)
        where TMover : IBalanceMover
    {
        if (amount != 0)
        {
            mover.Move(account, currency, amount, 0);
        }
    }

    private static void Hold<TMover>(PairInfo pair, long account, Side side, long price, long lots, ref TMover mover)
        where TMover : IBalanceMover
    {
        var (currency, points) = HoldOf(pair, side, price, lots);
        if (points != 0)
        {
            mover.Move(account, currency, 0, points);
        }
    }
}
