using PointsExchange.Engine;

namespace PointsExchange.Testing;

/// <summary>A publish port for tests: remembers the command ids it was shown and whether they were applied.</summary>
public sealed class RecordingPublisher : IPublishPort
{
    private readonly Lock _gate = new();

    public List<(long CommandId, bool Applied)> Published { get; } = [];

    public void Publish(in CommitBatch batch)
    {
        lock (_gate)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                Published.Add((batch[i].Command.CommandId, batch[i].Applied));
            }
        }
    }
}
