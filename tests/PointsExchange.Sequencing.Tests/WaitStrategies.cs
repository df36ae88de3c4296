namespace PointsExchange.Sequencing.Tests;

/// <summary>Builds a wait strategy from its name, for theories.</summary>
public static class WaitStrategies
{
    public static IWaitStrategy Create(string name, TimeSpan timeout) => name switch
    {
        "BusySpin" => new BusySpinWaitStrategy(),
        "Yielding" => new YieldingWaitStrategy(),
        "Sleeping" => new SleepingWaitStrategy(),
        "Blocking" => new BlockingWaitStrategy(),
        "TimeoutBlocking" => new TimeoutBlockingWaitStrategy(timeout),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown wait strategy"),
    };
}
