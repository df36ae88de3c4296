namespace PointsExchange.LoadTest.Tests;

/// <summary>What the generator sends: reproducible from its seed, priced as the mix says, acting on its own orders only.</summary>
public sealed class WorkloadGeneratorTests
{
    private static readonly PairState[] Pairs =
    [
        new("LDTESTA-LDTESTB", "LDTESTA", "LDTESTB", 100, 1, 1_000),
        new("LDTESTB-LDTESTC", "LDTESTB", "LDTESTC", 100, 1, 1_100),
    ];

    [Fact]
    public void The_same_seed_gives_the_same_requests()
    {
        var a = Generate(seed: 7, count: 2_000);
        var b = Generate(seed: 7, count: 2_000);
        var c = Generate(seed: 8, count: 2_000);

        Assert.Equal(a.Select(r => r.Message.ToString()), b.Select(r => r.Message.ToString()));
        Assert.NotEqual(a.Select(r => r.Message.ToString()), c.Select(r => r.Message.ToString()));
    }

    [Fact]
    public void Places_are_priced_by_kind_and_every_client_order_id_is_new()
    {
        var requests = Generate(seed: 1, count: 5_000);

        foreach (var r in requests.Where(r => r.Message.RequestCase == OrderEntryRequest.RequestOneofCase.Place))
        {
            var place = r.Message.Place;
            var mid = Pairs[r.Pair].MidPrice;
            var buy = place.Side == Side.Buy;
            switch (r.Kind)
            {
                case OrderKind.Limit:
                    Assert.Equal((OrderType.Limit, TimeInForce.Gtc), (place.Type, place.TimeInForce));
                    Assert.True(buy ? place.Price < mid : place.Price > mid, $"a limit order rests behind the mid {mid}: {place}");
                    break;
                case OrderKind.Cross:
                    Assert.Contains(place.TimeInForce, new[] { TimeInForce.Ioc, TimeInForce.Fok });
                    Assert.Equal(mid + ((buy ? 1 : -1) * WorkloadGenerator.CrossTicks), place.Price);
                    break;
                case OrderKind.Market:
                    Assert.Equal(OrderType.Market, place.Type);
                    Assert.Equal(mid + ((buy ? 1 : -1) * WorkloadGenerator.MarketTicks), place.Price);
                    break;
                default:
                    Assert.Fail($"a {r.Kind} is not a place");
                    break;
            }

            Assert.Equal(r.CorrelationId, place.ClientOrderId);
        }

        var ids = requests.Where(r => r.Kind != OrderKind.Cancel).Select(r => r.CorrelationId).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.InRange(id.Length, 1, 64));
    }

    [Fact]
    public void Cancels_and_replaces_act_on_the_members_own_open_orders_and_fall_back_to_limit_orders_without_one()
    {
        var open = new OpenOrders(members: 3, pairs: 2);
        var generator = new WorkloadGenerator(Pairs, 3, new OrderMix(0, 0, 50, 50, 0), seed: 3, "run1", open);

        var first = generator.Next(0, measured: true);
        Assert.Equal(OrderKind.Limit, first.Kind);

        for (var member = 0; member < 3; member++)
        {
            for (var pair = 0; pair < 2; pair++)
            {
                open.Add(member, pair, new OpenOrder((member * 10) + pair + 1, $"own-{member}-{pair}", Side.Buy, 990, 4));
            }
        }

        var acting = Enumerable.Range(0, 200).Select(_ => generator.Next(0, measured: true)).Where(r => r.Target is not null).ToList();

        Assert.Equal(6, acting.Count);
        Assert.Equal(0, open.Count);
        foreach (var r in acting)
        {
            Assert.Equal($"own-{r.Member}-{r.Pair}", r.Target!.ClientOrderId);
            if (r.Kind == OrderKind.Cancel)
            {
                Assert.Equal(r.Target.ClientOrderId, r.Message.Cancel.ClientOrderId);
                Assert.Equal(r.Target.ClientOrderId, r.CorrelationId);
            }
            else
            {
                var replace = r.Message.Replace;
                Assert.Equal(r.Target.OrderId, replace.OrderId);
                Assert.True(replace.NewQuantity >= 4, "a replace never asks for less than the order's quantity, so never less than its fills");
                Assert.True(replace.NewPrice < Pairs[r.Pair].MidPrice, "a bid moves to another bid price");
                Assert.Equal(r.CorrelationId, replace.NewClientOrderId);
            }
        }
    }

    [Fact]
    public void Over_many_requests_the_kinds_follow_the_mix()
    {
        var requests = Generate(seed: 5, count: 20_000, refill: true);

        foreach (var kind in OrderMix.Kinds)
        {
            var share = requests.Count(r => r.Kind == kind) * 100.0 / requests.Count;
            Assert.InRange(share, OrderMix.Default.PercentOf(kind) - 1.5, OrderMix.Default.PercentOf(kind) + 1.5);
        }
    }

    [Theory]
    [InlineData(OrderKind.Cancel, 9, true)]
    [InlineData(OrderKind.Replace, 5, true)]
    [InlineData(OrderKind.Cancel, 8, false)]
    [InlineData(OrderKind.Limit, 9, false)]
    [InlineData(OrderKind.Cross, 5, false)]
    [InlineData(OrderKind.Replace, 3, false)]
    [InlineData(OrderKind.Cancel, Answer.NoAnswer, false)]
    public void Only_cancels_and_replaces_of_orders_that_are_gone_are_expected_rejections(OrderKind kind, int code, bool expected) =>
        Assert.Equal(expected, RunCounters.IsExpected(kind, code));

    /// <summary>Requests as the generator makes them; with <paramref name="refill"/> every member always has an order to act on.</summary>
    private static List<LoadRequest> Generate(int seed, int count, bool refill = false)
    {
        var open = new OpenOrders(members: 4, pairs: 2);
        var generator = new WorkloadGenerator(Pairs, 4, OrderMix.Default, seed, "run1", open);
        var requests = new List<LoadRequest>();
        for (var i = 0; i < count; i++)
        {
            if (refill)
            {
                for (var member = 0; member < 4; member++)
                {
                    for (var pair = 0; pair < 2; pair++)
                    {
                        open.Add(member, pair, new OpenOrder(i + 1, $"o{i}", Side.Sell, 1_005, 2));
                    }
                }
            }

            requests.Add(generator.Next(i, measured: true));
        }

        return requests;
    }
}
