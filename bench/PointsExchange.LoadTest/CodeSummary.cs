namespace PointsExchange.LoadTest;

/// <summary>Answers with one status code: whether the mix expects it, how many, for which kinds, and one message.</summary>
public sealed record CodeSummary(string Code, bool Expected, long Count, IReadOnlyList<string> Kinds, string Example);
