using PointsExchange.Matching;

namespace PointsExchange.Ledger;

/// <summary>A pair as settlement needs it: its currencies, lot size and fees.</summary>
public sealed record PairInfo(
    int PairId,
    string Symbol,
    int BaseCurrencyId,
    int QuoteCurrencyId,
    string BaseCode,
    string QuoteCode,
    long LotSize,
    long TickSize,
    long MinQuantity,
    int MakerFeeBps,
    int TakerFeeBps,
    bool Halted)
{
    public OrderBookSpec Spec => new(LotSize, TickSize, MinQuantity);
}
