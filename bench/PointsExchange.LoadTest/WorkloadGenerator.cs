using PointsExchange.Contracts.V1;

namespace PointsExchange.LoadTest;

/// <summary>
/// Decides each request: member, pair, kind (by the mix), side, price and quantity, all drawn from one seeded
/// <see cref="Random"/> in a fixed order, so a seed fixes the sequence of choices (what the exchange answers, and
/// so which orders are open to cancel, depends on timing).
/// <list type="bullet">
/// <item>limit: GTC, 1-20 ticks behind the pair's mid (bids below, asks above): it rests.</item>
/// <item>cross: IOC (three in four) or FOK, 25 ticks through the mid: it takes resting orders; the rest expires.</item>
/// <item>market: protection price 30 ticks through the mid.</item>
/// <item>cancel / replace: one of the member's own resting orders on the pair, by client_order_id / order_id; a
/// replace moves it to a new passive price with at least its quantity (so never below what was filled). With no
/// order to act on, a limit order is sent instead (and counted as one).</item>
/// </list>
/// </summary>
internal sealed class WorkloadGenerator(IReadOnlyList<PairState> pairs, int members, OrderMix mix, int seed, string runId, OpenOrders open)
{
    public const int CrossTicks = 25;
    public const int MarketTicks = 30;

    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private long _sequence;

    public OpenOrders Open { get; } = open;

    public LoadRequest Next(long intended, bool measured, TaskCompletionSource? done = null)
    {
        lock (_gate)
        {
            var sequence = ++_sequence;
            var member = _random.Next(members);
            var pairIndex = _random.Next(pairs.Count);
            var kind = mix.Pick(_random.Next(100));
            var side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var ticks = _random.Next(1, 21);
            var quantity = _random.Next(1, 11);
            var roll = _random.Next(int.MaxValue);
            var pair = pairs[pairIndex];
            var clientOrderId = $"{runId}-{sequence}";

            var target = kind is OrderKind.Cancel or OrderKind.Replace ? Open.Take(member, pairIndex, roll) : null;
            if (target is null && kind is OrderKind.Cancel or OrderKind.Replace)
            {
                kind = OrderKind.Limit;
            }

            var (message, correlation) = kind switch
            {
                OrderKind.Cancel => (new OrderEntryRequest { Cancel = new OrderRef { Symbol = pair.Symbol, ClientOrderId = target!.ClientOrderId } }, target.ClientOrderId),
                OrderKind.Replace => (new OrderEntryRequest
                {
                    Replace = new ReplaceOrderRequest
                    {
                        Symbol = pair.Symbol, OrderId = target!.OrderId, NewPrice = Passive(pair, target.Side, ticks),
                        NewQuantity = Math.Max(target.Quantity, quantity), NewClientOrderId = clientOrderId,
                    },
                }, clientOrderId),
                _ => (new OrderEntryRequest { Place = Place(kind, pair, side, ticks, quantity, roll, clientOrderId) }, clientOrderId),
            };
            return new LoadRequest(sequence, kind, member, pairIndex, message, correlation)
            {
                Target = target, Intended = intended, Measured = measured, Done = done,
            };
        }
    }

    private static PlaceOrderRequest Place(OrderKind kind, PairState pair, Side side, int ticks, int quantity, int roll, string clientOrderId)
    {
        var through = side == Side.Buy ? 1 : -1;
        var request = new PlaceOrderRequest { Symbol = pair.Symbol, Side = side, ClientOrderId = clientOrderId };
        switch (kind)
        {
            case OrderKind.Cross:
                request.Type = OrderType.Limit;
                request.TimeInForce = roll % 4 == 0 ? TimeInForce.Fok : TimeInForce.Ioc;
                request.Price = pair.MidPrice + (through * CrossTicks * pair.TickSize);
                request.Quantity = 1 + (quantity / 2);
                break;
            case OrderKind.Market:
                request.Type = OrderType.Market;
                request.Price = pair.MidPrice + (through * MarketTicks * pair.TickSize);
                request.Quantity = 1 + (quantity / 2);
                break;
            default:
                request.Type = OrderType.Limit;
                request.TimeInForce = TimeInForce.Gtc;
                request.Price = Passive(pair, side, ticks);
                request.Quantity = quantity;
                break;
        }

        return request;
    }

    /// <summary>A price behind the mid on the order's own side: it rests rather than trades.</summary>
    private static long Passive(PairState pair, Side side, int ticks) => pair.MidPrice + ((side == Side.Buy ? -ticks : ticks) * pair.TickSize);
}
