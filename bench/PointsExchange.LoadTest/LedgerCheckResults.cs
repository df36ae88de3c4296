namespace PointsExchange.LoadTest;

/// <summary>
/// Conservation: in every currency of the load, the balances of all accounts (the issuer's, which is minus the
/// outstanding supply, included) sum to zero; the issuer's balance is minus (issued - redeemed); every balance
/// equals the sum of its ledger entries; and every held amount equals what the account's open orders hold.
/// </summary>
public sealed record ConservationCheck(string Status, string Detail, IReadOnlyList<CurrencyConservation> Currencies);

/// <summary>One currency's numbers for <see cref="ConservationCheck"/>; a mismatch count is of accounts.</summary>
public sealed record CurrencyConservation(
    string Code, long BalanceSum, long Accounts, long IssuerBalance, long IssuedMinusRedeemed, long EntrySum, long BalancesNotMatchingEntries,
    long HoldsNotMatchingOpenOrders);

/// <summary>Every order id the exchange acknowledged (an accepted report or answer) is a row of the ledger's orders table.</summary>
public sealed record AcknowledgedOrdersCheck(string Status, string Detail, long Acknowledged, long Found, long Missing, IReadOnlyList<long> MissingExamples);

/// <summary>Both checks, and where they looked (host:port/database, never the password).</summary>
public sealed record LedgerCheckResults(string Database, ConservationCheck Conservation, AcknowledgedOrdersCheck AcknowledgedOrders)
{
    public bool Failed => Conservation.Status == CheckStatus.Fail || AcknowledgedOrders.Status == CheckStatus.Fail;

    public static LedgerCheckResults NotRun(string database, string reason) => new(
        database,
        new ConservationCheck(CheckStatus.NotRun, reason, []),
        new AcknowledgedOrdersCheck(CheckStatus.NotRun, reason, 0, 0, 0, []));
}
