using PointsExchange.Engine;
using PointsExchange.Ledger;

namespace PointsExchange.Grains;

/// <summary>
/// An account's funds as its grain sees them: the committed balances read from the ledger, plus the
/// effects of the account's own commands since (from their events, by <see cref="BalanceEffects"/>),
/// plus what its commands in flight have reserved. What it does not see (its resting orders filled by
/// others, points issued to it) can only raise what it may spend, so the view never overstates it;
/// when a check fails, the grain reloads the committed balances and checks again.
/// </summary>
internal sealed class RiskView
{
    private readonly Dictionary<int, (long Total, long Held)> _funds = [];
    private readonly Dictionary<int, long> _reserved = [];

    public void Load(Dictionary<int, (long Total, long Held)> committed)
    {
        _funds.Clear();
        foreach (var (currency, funds) in committed)
        {
            _funds[currency] = funds;
        }
    }

    public long Available(int currency)
    {
        var (total, held) = _funds.GetValueOrDefault(currency);
        return total - held - _reserved.GetValueOrDefault(currency);
    }

    public void Reserve(int currency, long points) => _reserved[currency] = checked(_reserved.GetValueOrDefault(currency) + points);

    public void Release(int currency, long points) => _reserved[currency] = _reserved.GetValueOrDefault(currency) - points;

    /// <summary>Applies what a committed command of this account did to its own balances.</summary>
    public void Apply(long accountId, PairInfo pair, long feeAccountId, in EngineCommand command, IReadOnlyList<BookEvent> events)
    {
        var mover = new OwnMover(this, accountId);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i].ToMatchEvent();
            BalanceEffects.Apply(pair, feeAccountId, in command, in e, ref mover);
        }
    }

    /// <summary>Applies a change of total (a redemption) directly.</summary>
    public void Move(int currency, long total, long held)
    {
        var (t, h) = _funds.GetValueOrDefault(currency);
        _funds[currency] = (checked(t + total), checked(h + held));
    }

    private readonly struct OwnMover(RiskView view, long accountId) : IBalanceMover
    {
        public void Move(long account, int currency, long total, long held)
        {
            if (account == accountId)
            {
                view.Move(currency, total, held);
            }
        }
    }
}
