namespace PointsExchange.Ledger;

/// <summary>Stored in <c>accounts.role</c>: values are append-only.</summary>
public enum AccountRole : short
{
    Admin = 1,
    Merchant = 2,
    User = 3,

    /// <summary>A currency's issuer: its balance is minus the outstanding supply.</summary>
    Issuer = 4,

    /// <summary>The exchange's fee account.</summary>
    Fees = 5,
}

/// <summary>Stored in <c>orders.status</c>: values are append-only and match the API's OrderStatus.</summary>
public enum OrderStatus : short
{
    New = 1,
    PartiallyFilled = 2,
    Filled = 3,
    Cancelled = 4,
    Expired = 5,
}

/// <summary>Stored in <c>ledger_transactions.kind</c>.</summary>
public enum LedgerTransactionKind : short
{
    Trade = 1,
    Issue = 2,
    Redeem = 3,
}
