namespace PointsExchange.LoadTest;

/// <summary>The outcome of a check after the run, as the summary, result.json and the report write it.</summary>
public static class CheckStatus
{
    public const string Pass = "PASS";
    public const string Fail = "FAIL";

    /// <summary>The check could not be made (no database, the wrong database): never a pass.</summary>
    public const string NotRun = "NOT_RUN";
}
