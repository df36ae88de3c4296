using Microsoft.Extensions.DependencyInjection;
using PointsExchange.Ledger;

namespace PointsExchange.Server.Tests;

public sealed class OrderLookupTests
{
    [Fact]
    public async Task Concurrent_lookups_by_id_and_by_client_id_each_get_their_own_order()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server);
        var ids = new List<(long Account, long OrderId, string ClientId)>();
        for (var i = 0; i < 40; i++)
        {
            // Both members use the same client order ids: a look-up by client id must be the asking account's.
            foreach (var (account, key) in new[] { (x.Alice, x.AliceKey), (x.Bob, x.BobKey) })
            {
                var placed = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Buy, 100 - (i % 5 * 5), 1, $"same-{i}"), TestServer.As(key));
                ids.Add((account, placed.Order.OrderId, $"same-{i}"));
            }
        }

        var lookup = new OrderLookup(server.Services.GetRequiredService<PostgresLedger>());
        var byId = ids.Select(o => lookup.ByIdAsync(o.OrderId)).ToArray();
        var byClientId = ids.Select(o => lookup.ByClientIdAsync(o.Account, o.ClientId)).ToArray();
        var unknownId = lookup.ByIdAsync(ids.Max(o => o.OrderId) + 1_000);
        var unknownClientId = lookup.ByClientIdAsync(x.Alice, "never-used");
        var strangerClientId = lookup.ByClientIdAsync(x.Alice + x.Bob + 1_000, "same-1");

        for (var i = 0; i < ids.Count; i++)
        {
            var (account, orderId, clientId) = ids[i];
            Assert.Equal((orderId, account, clientId), ((await byId[i])!.OrderId, (await byId[i])!.AccountId, (await byId[i])!.ClientOrderId));
            Assert.Equal((orderId, account), ((await byClientId[i])!.OrderId, (await byClientId[i])!.AccountId));
        }

        Assert.Null(await unknownId);
        Assert.Null(await unknownClientId);
        Assert.Null(await strangerClientId);
    }

    [Fact]
    public async Task More_keys_than_one_query_takes_are_all_answered()
    {
        await using var server = await TestServer.StartAsync();
        var x = await Exchange.CreateAsync(server);
        var placed = await server.Trading.PlaceOrderAsync(Exchange.Limit(Side.Sell, 150, 2, "only"), TestServer.As(x.AliceKey));
        var lookup = new OrderLookup(server.Services.GetRequiredService<PostgresLedger>());

        var answers = await Task.WhenAll(Enumerable.Range(0, 3 * OrderLookup.MaxKeysPerQuery)
            .Select(i => i % 2 == 0 ? lookup.ByIdAsync(placed.Order.OrderId) : lookup.ByClientIdAsync(x.Alice, "only")));

        Assert.All(answers, order => Assert.Equal(placed.Order.OrderId, order!.OrderId));
    }
}
