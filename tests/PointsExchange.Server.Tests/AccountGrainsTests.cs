using Microsoft.Extensions.DependencyInjection;
using PointsExchange.Grains;

namespace PointsExchange.Server.Tests;

public sealed class AccountGrainsTests
{
    [Fact]
    public async Task Every_key_gets_its_own_grain_even_when_keys_share_a_slot()
    {
        await using var server = await TestServer.StartAsync();
        var factory = server.Services.GetRequiredService<IGrainFactory>();
        var tiny = new AccountGrains(factory, slots: 2);   // 200 keys over 2 slots: nearly every look-up collides

        for (var round = 0; round < 2; round++)
        {
            for (long account = 1; account <= 200; account++)
            {
                Assert.Equal(account, tiny[account].GetPrimaryKeyLong());
            }
        }

        var accounts = new AccountGrains(factory);
        Assert.Same(accounts[42], accounts[42]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AccountGrains(factory, slots: 3));
    }
}
