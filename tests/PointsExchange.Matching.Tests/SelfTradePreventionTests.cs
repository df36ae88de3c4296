namespace PointsExchange.Matching.Tests;

public sealed class SelfTradePreventionTests
{
    [Fact]
    public void Expire_maker_removes_the_accounts_resting_order_and_keeps_matching()
    {
        var book = Books.New();
        book.Sell(1, 7, price: 100, quantity: 4);
        book.Sell(2, 8, price: 100, quantity: 4);

        var events = book.Buy(3, 7, price: 100, quantity: 4, stp: SelfTradePrevention.ExpireMaker);

        var expired = events.Single(MatchEventKind.Expired);
        Assert.Equal((1L, ReasonCode.SelfTradeMaker, 4L), (expired.OrderId, expired.Reason, expired.Quantity));
        Assert.Equal(2, events.Single(MatchEventKind.Trade).MakerOrderId);
        Assert.Equal(0, book.OrderCount);
    }

    [Fact]
    public void Expire_taker_expires_the_incoming_order_and_keeps_the_resting_one()
    {
        var book = Books.New();
        book.Sell(1, 8, price: 100, quantity: 1);
        book.Sell(2, 7, price: 100, quantity: 4);

        var events = book.Buy(3, 7, price: 100, quantity: 5, stp: SelfTradePrevention.ExpireTaker);

        Assert.Equal(1, events.Single(MatchEventKind.Trade).MakerOrderId);
        var expired = events.Single(MatchEventKind.Expired);
        Assert.Equal((3L, ReasonCode.SelfTradeTaker, 4L), (expired.OrderId, expired.Reason, expired.Quantity));
        Assert.Equal([2L], book.Queue(Side.Sell));
        Assert.False(book.TryGetOrder(3, out _));
    }

    [Fact]
    public void Expire_both_expires_the_resting_order_then_the_incoming_one()
    {
        var book = Books.New();
        book.Sell(1, 7, price: 100, quantity: 4);
        book.Sell(2, 8, price: 100, quantity: 4);

        var events = book.Buy(3, 7, price: 100, quantity: 4, stp: SelfTradePrevention.ExpireBoth);

        Assert.Equal(
            [(1L, ReasonCode.SelfTradeMaker), (3L, ReasonCode.SelfTradeTaker)],
            events.Where(e => e.Kind == MatchEventKind.Expired).Select(e => (e.OrderId, e.Reason)));
        Assert.Empty(events.Trades());
        Assert.Equal([2L], book.Queue(Side.Sell));
    }

    [Fact]
    public void An_unspecified_mode_means_expire_maker()
    {
        var book = Books.New();
        book.Sell(1, 7, price: 100, quantity: 4);

        var events = book.Buy(2, 7, price: 100, quantity: 4, stp: SelfTradePrevention.Unspecified);

        Assert.Equal(ReasonCode.SelfTradeMaker, events.Single(MatchEventKind.Expired).Reason);
        Assert.Equal([2L], book.Queue(Side.Buy));
        Assert.Equal(SelfTradePrevention.ExpireMaker, book.Resting(2).SelfTradePrevention);
    }

    [Fact]
    public void An_order_never_trades_with_its_own_account_whatever_the_mode()
    {
        foreach (var mode in Enum.GetValues<SelfTradePrevention>())
        {
            var book = Books.New();
            book.Sell(1, 7, price: 100, quantity: 4);
            Assert.Empty(book.Buy(2, 7, price: 100, quantity: 4, stp: mode).Trades());
        }
    }
}
