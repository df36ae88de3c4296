using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("PointsExchange.Matching.Tests")]
