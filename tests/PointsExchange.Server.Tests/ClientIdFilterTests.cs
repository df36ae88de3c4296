using PointsExchange.Grains;

namespace PointsExchange.Server.Tests;

public sealed class ClientIdFilterTests
{
    [Fact]
    public void Every_added_id_is_reported_and_few_new_ones_are_mistaken_for_used_even_past_the_first_capacity()
    {
        var filter = new ClientIdFilter(expected: 1_000);
        var added = Enumerable.Range(0, 50_000).Select(i => $"run-a-{i}").ToList();
        added.ForEach(filter.Add);

        Assert.All(added, id => Assert.True(filter.MightContain(id), id));
        var mistaken = Enumerable.Range(0, 50_000).Count(i => filter.MightContain($"run-b-{i}"));
        Assert.True(mistaken < 50_000 * 5 / 100, $"{mistaken} of 50,000 new ids looked used");
        Assert.Equal(50_000, filter.Count);
    }
}
