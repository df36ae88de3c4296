using PointsExchange.Grains;

namespace PointsExchange.Server.Hosting;

/// <summary>
/// Starts the engine before the silo takes calls and stops it gracefully (queued commands are finished
/// and answered) when the host shuts down. Registered before Orleans, so it starts first and stops last.
/// </summary>
public sealed class EngineLifetime(EngineHost host, ILogger<EngineLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        host.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        var drained = host.Stop(TimeSpan.FromSeconds(15));
        logger.LogInformation(drained ? "Engine stopped: every queued command was answered" : "Engine stop timed out after 15 s");
        return Task.CompletedTask;
    }
}
