using CsCheck;

namespace PointsExchange.Matching.Tests;

/// <summary>
/// Invariants that must hold after every command of any command sequence; CsCheck generates the
/// sequences and shrinks a failure to a small one.
/// </summary>
public sealed class PropertyTests
{
    private static readonly OrderBookSpec Spec = new(LotSize: 7, TickSize: 5, MinQuantity: 1);

    /// <summary>Each op is eight random ints, read by <see cref="ToCommand"/>; shrinking works on the ints.</summary>
    private static readonly Gen<int[][]> Ops = Gen.Int[0, 1_000_000].Array[8].Array[1, 300];

    [Fact]
    public void The_book_is_never_crossed_after_a_command() =>
        Ops.Sample(ops => Replay(ops, (book, _, _) =>
        {
            if (book.TryGetBest(Side.Buy, out var bid) && book.TryGetBest(Side.Sell, out var ask))
            {
                Assert.True(bid.Price < ask.Price, $"crossed book: bid {bid.Price} >= ask {ask.Price}");
            }
        }), iter: 300);

    [Fact]
    public void Every_lot_of_every_order_is_filled_resting_or_removed() =>
        Ops.Sample(ops =>
        {
            var ledger = new Dictionary<long, (long Total, long Traded, long Removed)>();
            var book = Replay(ops, (_, _, events) =>
            {
                foreach (var e in events)
                {
                    switch (e.Kind)
                    {
                        case MatchEventKind.Accepted or MatchEventKind.Amended or MatchEventKind.Replaced:
                            var previous = ledger.GetValueOrDefault(e.OrderId);
                            ledger[e.OrderId] = previous with { Total = e.Quantity };
                            break;
                        case MatchEventKind.Trade:
                            Add(ledger, e.OrderId, traded: e.Quantity);
                            Add(ledger, e.MakerOrderId, traded: e.Quantity);
                            break;
                        case MatchEventKind.Cancelled or MatchEventKind.Expired:
                            Add(ledger, e.OrderId, removed: e.Quantity);
                            break;
                    }
                }
            });

            foreach (var (orderId, (total, traded, removed)) in ledger)
            {
                var resting = book.TryGetOrder(orderId, out var order) ? order.Remaining : 0;
                Assert.True(total == traded + removed + resting,
                    $"order {orderId}: total {total} != filled {traded} + removed {removed} + resting {resting}");
                if (resting > 0)
                {
                    Assert.Equal(traded, order.Filled);
                }
            }
        }, iter: 300);

    [Fact]
    public void No_trade_is_at_a_price_worse_than_the_takers_limit_and_every_trade_is_at_the_makers_price() =>
        Ops.Sample(ops =>
        {
            var limits = new Dictionary<long, long>();
            Replay(ops, (_, _, events) =>
            {
                foreach (var e in events)
                {
                    if (e.Kind is MatchEventKind.Accepted or MatchEventKind.Replaced)
                    {
                        limits[e.OrderId] = e.Price;
                    }
                    else if (e.Kind == MatchEventKind.Trade)
                    {
                        var limit = limits[e.OrderId];
                        Assert.True(e.Side == Side.Buy ? e.Price <= limit : e.Price >= limit,
                            $"trade {e.TradeId}: {e.Side} taker limit {limit} traded at {e.Price}");
                        Assert.Equal(limits[e.MakerOrderId], e.Price);
                    }
                }
            });
        }, iter: 300);

    [Fact]
    public void Base_and_quote_moved_by_trades_balance_exactly_and_nobody_trades_with_itself() =>
        Ops.Sample(ops =>
        {
            var baseDelta = new Dictionary<long, long>();
            var quoteDelta = new Dictionary<long, long>();
            Replay(ops, (_, _, events) =>
            {
                foreach (var e in events.Where(e => e.Kind == MatchEventKind.Trade))
                {
                    Assert.NotEqual(e.AccountId, e.MakerAccountId);
                    var (buyer, seller) = e.Side == Side.Buy ? (e.AccountId, e.MakerAccountId) : (e.MakerAccountId, e.AccountId);
                    var basePoints = checked(e.Quantity * Spec.LotSize);
                    var quotePoints = checked(e.Quantity * e.Price);
                    baseDelta[buyer] = baseDelta.GetValueOrDefault(buyer) + basePoints;
                    baseDelta[seller] = baseDelta.GetValueOrDefault(seller) - basePoints;
                    quoteDelta[buyer] = quoteDelta.GetValueOrDefault(buyer) - quotePoints;
                    quoteDelta[seller] = quoteDelta.GetValueOrDefault(seller) + quotePoints;
                }
            });
            Assert.Equal(0, baseDelta.Values.Sum());
            Assert.Equal(0, quoteDelta.Values.Sum());
        }, iter: 300);

    [Fact]
    public void Rejected_commands_leave_the_state_hash_unchanged() =>
        Ops.Sample(ops => Replay(ops, (book, before, events) =>
        {
            if (events.Count == 1 && events[0].Kind == MatchEventKind.Rejected)
            {
                Assert.Equal(before, book.StateHash());
            }
        }), iter: 200);

    private static void Add(Dictionary<long, (long Total, long Traded, long Removed)> ledger, long orderId, long traded = 0, long removed = 0)
    {
        var entry = ledger.GetValueOrDefault(orderId);
        ledger[orderId] = (entry.Total, entry.Traded + traded, entry.Removed + removed);
    }

    /// <summary>Runs the ops on a fresh book, calling <paramref name="check"/> with the book, the hash before and the events.</summary>
    private static OrderBook Replay(int[][] ops, Action<OrderBook, ulong, List<MatchEvent>> check)
    {
        var book = new OrderBook(Spec, initialOrderCapacity: 4);
        for (var i = 0; i < ops.Length; i++)
        {
            var command = ToCommand(ops[i], i + 1);
            var before = book.StateHash();
            check(book, before, book.Run(in command));
        }

        return book;
    }

    /// <summary>Few accounts and a narrow price band, so orders cross and self-trade often.</summary>
    private static OrderCommand ToCommand(int[] r, long nextId)
    {
        var side = r[1] % 2 == 0 ? Side.Buy : Side.Sell;
        var price = 100 + (5 * (r[2] % 20)) + (r[7] % 50 == 0 ? 2 : 0);
        var quantity = 1 + (r[3] % 12);
        var account = 1 + (r[4] % 4);
        var mode = (SelfTradePrevention)(r[6] % 4);
        var target = 1 + (r[5] % nextId);
        return (r[0] % 12) switch
        {
            < 5 => OrderCommand.Limit(nextId, account, side, price, quantity, selfTradePrevention: mode, postOnly: r[7] % 5 == 0),
            5 => OrderCommand.Limit(nextId, account, side, price, quantity, TimeInForce.Ioc, selfTradePrevention: mode),
            6 => OrderCommand.Limit(nextId, account, side, price, quantity, TimeInForce.Fok, selfTradePrevention: mode),
            7 => OrderCommand.Market(nextId, account, side, price, quantity, selfTradePrevention: mode),
            8 => OrderCommand.Cancel(target, account),
            9 => OrderCommand.Amend(target, account, quantity),
            _ => OrderCommand.Replace(target, account, price, quantity),
        };
    }
}
