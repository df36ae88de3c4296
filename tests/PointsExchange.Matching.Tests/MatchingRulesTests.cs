namespace PointsExchange.Matching.Tests;

public sealed class MatchingRulesTests
{
    [Fact]
    public void Orders_at_the_same_price_fill_in_the_order_they_arrived()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 5);
        book.Sell(2, 11, price: 100, quantity: 5);
        book.Sell(3, 12, price: 100, quantity: 5);

        var trades = book.Buy(4, 20, price: 100, quantity: 7).Trades();

        Assert.Equal([1L, 2L], trades.Select(t => t.MakerOrderId));
        Assert.Equal([5L, 2L], trades.Select(t => t.Quantity));
        Assert.Equal(3, book.Resting(2).Remaining);
        Assert.Equal([2L, 3L], book.Queue(Side.Sell));
    }

    [Fact]
    public void A_better_price_fills_before_an_earlier_order()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 105, quantity: 5);
        book.Sell(2, 11, price: 100, quantity: 5);

        var trades = book.Buy(3, 20, price: 105, quantity: 6).Trades();

        Assert.Equal([2L, 1L], trades.Select(t => t.MakerOrderId));
        Assert.Equal([100L, 105L], trades.Select(t => t.Price));
    }

    [Fact]
    public void A_trade_executes_at_the_resting_orders_price()
    {
        var book = Books.New();
        book.Buy(1, 10, price: 120, quantity: 3);

        var trade = book.Sell(2, 20, price: 100, quantity: 3).Single(MatchEventKind.Trade);

        Assert.Equal(120, trade.Price);
        Assert.Equal(2, trade.OrderId);
        Assert.Equal(1, trade.MakerOrderId);
        Assert.Equal(20, trade.AccountId);
        Assert.Equal(10, trade.MakerAccountId);
        Assert.Equal(Side.Sell, trade.Side);
    }

    [Fact]
    public void A_buy_limit_never_trades_above_its_price()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 105, quantity: 5);

        var events = book.Buy(2, 20, price: 100, quantity: 5);

        Assert.Empty(events.Trades());
        Assert.Equal(2, book.OrderCount);
        Assert.True(book.TryGetBest(Side.Buy, out var bid));
        Assert.Equal(new DepthLevel(100, 5, 1), bid);
    }

    [Fact]
    public void A_partly_filled_limit_order_rests_with_its_remainder_at_its_price()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 4);

        var events = book.Buy(2, 20, price: 110, quantity: 10);

        Assert.Equal(6, events.Single(MatchEventKind.Trade).Remaining);
        var resting = book.Resting(2);
        Assert.Equal((110L, 10L, 4L, 6L), (resting.Price, resting.Quantity, resting.Filled, resting.Remaining));
    }

    [Fact]
    public void Trade_ids_count_up_from_the_books_last_trade_id()
    {
        var book = new OrderBook(Books.Spec, lastTradeId: 41);
        book.Sell(1, 10, 100, 1);
        book.Sell(2, 10, 100, 1);

        var trades = book.Buy(3, 20, 100, 2).Trades();

        Assert.Equal([42L, 43L], trades.Select(t => t.TradeId));
        Assert.Equal(43, book.LastTradeId);
    }

    [Fact]
    public void A_market_order_never_rests_and_its_remainder_expires()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 3);

        var events = book.Run(OrderCommand.Market(2, 20, Side.Buy, protectionPrice: 1000, quantity: 5));

        Assert.Equal(3, events.Single(MatchEventKind.Trade).Quantity);
        var expired = events.Single(MatchEventKind.Expired);
        Assert.Equal((ReasonCode.MarketRemainder, 2L), (expired.Reason, expired.Quantity));
        Assert.Equal(0, book.OrderCount);
    }

    [Fact]
    public void A_market_order_stops_at_its_protection_price()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 3);
        book.Sell(2, 10, price: 200, quantity: 3);

        var events = book.Run(OrderCommand.Market(3, 20, Side.Buy, protectionPrice: 150, quantity: 5));

        Assert.Equal(100, events.Single(MatchEventKind.Trade).Price);
        Assert.Equal(2, events.Single(MatchEventKind.Expired).Quantity);
        Assert.Equal([2L], book.Queue(Side.Sell));
    }

    [Fact]
    public void An_ioc_remainder_expires_instead_of_resting()
    {
        var book = Books.New();
        book.Buy(1, 10, price: 100, quantity: 2);

        var events = book.Sell(2, 20, price: 100, quantity: 5, tif: TimeInForce.Ioc);

        Assert.Equal(2, events.Single(MatchEventKind.Trade).Quantity);
        var expired = events.Single(MatchEventKind.Expired);
        Assert.Equal((ReasonCode.IocRemainder, 3L), (expired.Reason, expired.Quantity));
        Assert.Equal(0, book.OrderCount);
    }

    [Fact]
    public void A_fok_that_cannot_fill_completely_trades_nothing_and_expires()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 3);
        book.Sell(2, 11, price: 105, quantity: 3);
        var before = book.StateHash();

        var events = book.Buy(3, 20, price: 105, quantity: 7, tif: TimeInForce.Fok);

        Assert.Empty(events.Trades());
        Assert.Equal(ReasonCode.FokNotFillable, events.Single(MatchEventKind.Expired).Reason);
        Assert.Equal(before, book.StateHash());
    }

    [Fact]
    public void A_fok_that_can_fill_completely_fills_across_levels()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 3);
        book.Sell(2, 11, price: 105, quantity: 3);

        var events = book.Buy(3, 20, price: 105, quantity: 6, tif: TimeInForce.Fok);

        Assert.Equal(6, events.Trades().Sum(t => t.Quantity));
        Assert.DoesNotContain(events, e => e.Kind == MatchEventKind.Expired);
        Assert.Equal(0, book.OrderCount);
    }

    [Fact]
    public void A_fok_does_not_count_its_own_accounts_orders_as_liquidity()
    {
        var book = Books.New();
        book.Sell(1, 20, price: 100, quantity: 5);
        book.Sell(2, 11, price: 100, quantity: 2);

        var events = book.Buy(3, 20, price: 100, quantity: 4, tif: TimeInForce.Fok);

        Assert.Equal(ReasonCode.FokNotFillable, events.Single(MatchEventKind.Expired).Reason);
        Assert.Equal(2, book.OrderCount);
    }

    [Fact]
    public void A_post_only_order_that_would_cross_is_rejected_and_changes_nothing()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 3);
        var before = book.StateHash();

        var events = book.Buy(2, 20, price: 100, quantity: 1, postOnly: true);

        Assert.Equal(ReasonCode.PostOnlyWouldCross, Assert.Single(events).Reason);
        Assert.Equal(before, book.StateHash());
    }

    [Fact]
    public void A_post_only_order_that_does_not_cross_rests()
    {
        var book = Books.New();
        book.Sell(1, 10, price: 100, quantity: 3);

        var events = book.Buy(2, 20, price: 95, quantity: 1, postOnly: true);

        Assert.Equal(MatchEventKind.Accepted, Assert.Single(events).Kind);
        Assert.True(book.Resting(2).PostOnly);
    }
}
