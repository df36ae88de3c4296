namespace PointsExchange.Testing;

/// <summary>The repository the tests run from: its scripts and projects.</summary>
public static class Repository
{
    /// <summary>The folder above the test binaries that holds PointsExchange.sln.</summary>
    public static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PointsExchange.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no PointsExchange.sln above {AppContext.BaseDirectory}");
    }
}
