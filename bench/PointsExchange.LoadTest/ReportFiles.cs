using System.Text.Json;
using HdrHistogram;

namespace PointsExchange.LoadTest;

/// <summary>Writes a run's files into its folder: result.json, the two percentile distributions and report.html.</summary>
public static class ReportFiles
{
    /// <summary>The accounts, keys, currencies and pairs the run used (mode 0600), for --reuse.</summary>
    public const string State = LoadState.FileName;

    public const string Json = "result.json";

    /// <summary>The latency from intended send times, in HdrHistogram's percentile distribution format, in milliseconds.</summary>
    public const string Histogram = "latency.hgrm";

    /// <summary>The same for the service time (from actual sends): what an uncorrected tool would have shown.</summary>
    public const string ServiceHistogram = "service-time.hgrm";

    public const string Html = "report.html";

    internal static void Write(string folder, LoadResult result, LongHistogram corrected, LongHistogram uncorrected)
    {
        Directory.CreateDirectory(folder);
        WriteDistribution(Path.Combine(folder, Histogram), corrected);
        WriteDistribution(Path.Combine(folder, ServiceHistogram), uncorrected);
        File.WriteAllText(Path.Combine(folder, Json), JsonSerializer.Serialize(result, JsonFiles.Options) + "\n");
        File.WriteAllText(Path.Combine(folder, Html), HtmlReport.Render(result, Curve(corrected), Curve(uncorrected)));
    }

    /// <summary>The histogram's percentile curve (HdrHistogram's own steps, five per halving), in percent and milliseconds.</summary>
    internal static IReadOnlyList<(double Percentile, double Ms)> Curve(LongHistogram histogram) => histogram.TotalCount == 0
        ? []
        : [.. histogram.Percentiles(5).Select(v => (v.PercentileLevelIteratedTo, LatencyRecorder.Milliseconds(v.ValueIteratedTo)))];

    /// <summary>
    /// HistogramBase.OutputPercentileDistribution, the format HdrHistogram's plotter reads. An empty histogram (a run
    /// stopped during its warm-up) gets the header and a footer of zeros.
    /// </summary>
    private static void WriteDistribution(string path, LongHistogram histogram)
    {
        using var writer = new StreamWriter(path);
        if (histogram.TotalCount > 0)
        {
            histogram.OutputPercentileDistribution(writer, percentileTicksPerHalfDistance: 5, outputValueUnitScalingRatio: OutputScalingFactor.TimeStampToMilliseconds);
            return;
        }

        writer.WriteLine("       Value     Percentile TotalCount 1/(1-Percentile)");
        writer.WriteLine();
        writer.WriteLine("#[Mean    =        0.000, StdDeviation   =        0.000]");
        writer.WriteLine("#[Max     =        0.000, Total count    =            0]");
    }
}
