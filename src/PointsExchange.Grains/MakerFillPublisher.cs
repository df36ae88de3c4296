using PointsExchange.Engine;
using PointsExchange.Ledger;
using PointsExchange.Matching;

namespace PointsExchange.Grains;

/// <summary>
/// After each committed batch, tells every account whose resting orders traded what those fills did to
/// its balances (one one-way grain message per account and batch), so its risk view spends what it
/// received without waiting for a reload. Runs on the publish stage: it computes and posts, never waits.
/// </summary>
public sealed class MakerFillPublisher(AccountGrains accounts, PostgresLedger ledger) : IPublishPort
{
    public void Publish(in CommitBatch batch)
    {
        Dictionary<long, Collector>? byAccount = null;
        for (var i = 0; i < batch.Count; i++)
        {
            ref readonly var slot = ref batch[i];
            if (slot.Status != CommandStatus.Executed)
            {
                continue;
            }

            var events = batch.EventsOf(in slot);
            PairInfo? pair = null;
            for (var e = 0; e < events.Count; e++)
            {
                ref readonly var trade = ref events[e];
                if (trade.Kind != MatchEventKind.Trade)
                {
                    continue;
                }

                pair ??= ledger.Pair(slot.Command.PairId);
                byAccount ??= [];
                if (!byAccount.TryGetValue(trade.MakerAccountId, out var collector))
                {
                    byAccount[trade.MakerAccountId] = collector = new Collector(trade.MakerAccountId);
                }

                collector.Add(pair, ledger.FeeAccountId, in slot.Command, in trade);
            }
        }

        if (byAccount is null)
        {
            return;
        }

        foreach (var (account, collector) in byAccount)
        {
            _ = accounts[account].ApplyMakerFills(collector.ToFills());
        }
    }

    /// <summary>Folds one maker's effects per pair and currency.</summary>
    private sealed class Collector(long account) : IBalanceMover
    {
        private readonly Dictionary<(int Pair, int Currency), (long Total, long Held)> _deltas = [];
        private readonly Dictionary<int, long> _marks = [];
        private int _pair;

        public void Add(PairInfo pair, long feeAccountId, in EngineCommand command, in MatchEvent trade)
        {
            _pair = pair.PairId;
            _marks[pair.PairId] = Math.Max(_marks.GetValueOrDefault(pair.PairId), SettlementPlanner.GlobalTradeId(pair.PairId, trade.TradeId));
            var self = this;
            BalanceEffects.Apply(pair, feeAccountId, in command, in trade, ref self);
        }

        public void Move(long moved, int currency, long total, long held)
        {
            if (moved == account)
            {
                var current = _deltas.GetValueOrDefault((_pair, currency));
                _deltas[(_pair, currency)] = (current.Total + total, current.Held + held);
            }
        }

        public MakerFills ToFills() => new()
        {
            Marks = _marks.Select(m => new PairTradeMark(m.Key, m.Value)).ToArray(),
            Deltas = _deltas.Select(d => new FundsDelta(d.Key.Pair, d.Key.Currency, d.Value.Total, d.Value.Held)).ToArray(),
        };
    }
}
