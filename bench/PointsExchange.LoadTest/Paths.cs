namespace PointsExchange.LoadTest;

/// <summary>
/// Where the default files are: <c>.data/admin.key</c> and <c>.data/load/</c> of the repository that holds the working
/// folder (or px-load's binaries), as scripts/start.sh writes them; paths given on the command line are taken as given.
/// </summary>
internal static class Paths
{
    public static string Root { get; } = FindRoot();

    public static string DataDirectory => Path.Combine(Root, ".data");

    public static string DefaultAdminKeyFile => Path.Combine(DataDirectory, "admin.key");

    /// <summary>Every run's folder is made here unless --out says otherwise; --reuse looks here for the newest state.</summary>
    public static string LoadRoot => Path.Combine(DataDirectory, "load");

    public static string DefaultOutput(DateTime utcNow) => Path.Combine(LoadRoot, utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A path for messages: relative to the working folder when it is inside it.</summary>
    public static string Show(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "PointsExchange.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        return Environment.CurrentDirectory;
    }
}
