namespace PointsExchange.Matching;

/// <summary>One price level of one side: price in QUOTE points per lot, quantity in lots.</summary>
public readonly record struct DepthLevel(long Price, long Quantity, int OrderCount);
