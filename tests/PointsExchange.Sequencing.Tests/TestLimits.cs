namespace PointsExchange.Sequencing.Tests;

/// <summary>Generous limits that only stop a broken test from hanging; no test asserts a duration.</summary>
public static class TestLimits
{
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> until it holds or <see cref="Hang"/> passes.</summary>
    public static bool Eventually(Func<bool> condition)
    {
        long deadline = Environment.TickCount64 + (long)Hang.TotalMilliseconds;
        var spinner = default(SpinWait);
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            spinner.SpinOnce();
        }

        return true;
    }
}
