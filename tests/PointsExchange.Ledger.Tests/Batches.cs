using PointsExchange.Sequencing;

namespace PointsExchange.Ledger.Tests;

/// <summary>Builds a commit batch by hand, the way the engine's match stage would, to commit it directly.</summary>
internal static class Batches
{
    public static CommitBatch Build(OrderBook book, int pairId, long firstCommandId, params OrderCommand[] orders)
    {
        var ring = RingBuffer<EngineSlot>.Create(ProducerType.Single, 64);
        var arena = new EventArena(64);
        var now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        for (var i = 0; i < orders.Length; i++)
        {
            ref var slot = ref ring[i];
            slot.Command = EngineCommand.ForOrder(pairId, orders[i]);
            slot.Command.CommandId = firstCommandId + i;
            slot.Command.Timestamp = now;
            if (slot.Command.Order is { Type: CommandType.Place, OrderId: 0 })
            {
                slot.Command.Order.OrderId = slot.Command.CommandId;
            }

            slot.EventStart = arena.Cursor;
            var sink = new ArenaSink(arena);
            book.Execute(in slot.Command.Order, ref sink);
            slot.EventCount = (int)(arena.Cursor - slot.EventStart);
            slot.Status = CommandStatus.Executed;
        }

        return new CommitBatch(ring, arena, 0, orders.Length - 1, shardId: 0);
    }

    private readonly struct ArenaSink(EventArena arena) : IMatchEventSink
    {
        public void OnEvent(in MatchEvent e) => arena.Append(in e);
    }
}
