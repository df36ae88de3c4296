namespace PointsExchange.Engine;

/// <summary>
/// Market data and account events, fed only with committed slots. Called on the publish stage's thread:
/// it must not block (a slow subscriber is cut loose, never waited for).
/// </summary>
public interface IPublishPort
{
    void Publish(in CommitBatch batch);
}
