namespace PointsExchange.Server.Tests;

/// <summary>
/// Tests that drive chromium run alone, after the others: their "appears within a few seconds" waits are
/// about the page, and should not be measuring a machine busy with the heavy stream tests in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
