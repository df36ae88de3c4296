using Grpc.Core;
using PointsExchange.Contracts.V1;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using PointsExchange.Server.Auth;
using PointsExchange.Server.Streaming;

namespace PointsExchange.Server.Services;

/// <summary>Merchants, on their own currencies only (role MERCHANT, checked by <see cref="AuthInterceptor"/>).</summary>
internal sealed class MerchantService(PostgresLedger ledger, IGrainFactory grains, MarketDataHub hub) : Merchant.MerchantBase
{
    public override async Task<Contracts.V1.LedgerReceipt> IssuePoints(PointsRequest request, ServerCallContext context)
    {
        var (merchant, currency) = await OwnCurrencyAsync(request.Currency, context);
        var (account, amount, key, memo) = Validate(request);
        var receipt = await ledger.IssueAsync(merchant, currency.Code, account, amount, key, memo, context.CancellationToken);
        if (!receipt.Replayed)
        {
            hub.BalanceMoved(account, currency.Code);
        }

        return receipt.ToProto();
    }

    public override async Task<Contracts.V1.LedgerReceipt> RedeemPoints(PointsRequest request, ServerCallContext context)
    {
        var (merchant, currency) = await OwnCurrencyAsync(request.Currency, context);
        var (account, amount, key, memo) = Validate(request);
        if (await ledger.GetAccountRoleAsync(account, context.CancellationToken) is not (AccountRole.User or AccountRole.Merchant))
        {
            throw Check.NotFound("account_id", $"member account {account} does not exist");
        }

        // Through the member's grain: a redemption spends what its open orders might be spending too.
        var outcome = await grains.GetGrain<IAccountGrain>(account).Redeem(new RedeemRequest
        {
            MerchantAccountId = merchant, Currency = currency.Code, Amount = amount, IdempotencyKey = key, Memo = memo,
        });
        if (outcome.Error != Grains.StatusCodes.Ok)
        {
            throw new RpcException(new Status((StatusCode)outcome.Error, outcome.Message));
        }

        if (!outcome.Replayed)
        {
            hub.BalanceMoved(account, currency.Code);
        }

        return new Contracts.V1.LedgerReceipt
        {
            TransactionId = outcome.TransactionId, Currency = currency.Code, AccountId = account, Amount = amount, Memo = memo ?? "",
            Time = Protos.Time(new DateTime(outcome.CreatedAtTicks, DateTimeKind.Utc)), Replayed = outcome.Replayed,
        };
    }

    public override async Task<CurrencyStats> GetCurrencyStats(GetCurrencyStatsRequest request, ServerCallContext context)
    {
        var (_, currency) = await OwnCurrencyAsync(request.Currency, context);
        var supply = await ledger.SupplyStatsAsync(currency, context.CancellationToken);
        var stats = new CurrencyStats
        {
            Currency = currency.Code,
            OutstandingSupply = supply.Outstanding,
            IssuedTotal = supply.IssuedTotal,
            RedeemedTotal = supply.RedeemedTotal,
            Holders = supply.Holders,
            IssuedToday = supply.IssuedToday,
            DailyIssuanceLimit = currency.DailyIssuanceLimit,
        };
        var since = DateTime.UtcNow.AddDays(-1);
        foreach (var pair in (await ledger.ListPairsAsync(context.CancellationToken)).Where(p => p.BaseCode == currency.Code || p.QuoteCode == currency.Code))
        {
            var trading = await ledger.TradeStatsAsync(pair.PairId, since, context.CancellationToken);
            stats.Pairs.Add(new PairStats
            {
                Symbol = pair.Symbol, LastPrice = trading.Last, LastRate = Protos.Rate(trading.Last, pair.LotSize),
                Volume24H = trading.Volume, QuoteVolume24H = trading.QuoteVolume,
            });
        }

        return stats;
    }

    private async Task<(long Merchant, CurrencyInfo Currency)> OwnCurrencyAsync(string code, ServerCallContext context)
    {
        var merchant = AuthInterceptor.Caller(context).AccountId;
        var currency = await ledger.FindCurrencyAsync(Check.CurrencyCode(code, "currency"), context.CancellationToken)
            ?? throw Check.NotFound("currency", $"{code} does not exist");
        return currency.MerchantAccountId == merchant
            ? (merchant, currency)
            : throw new RpcException(new Status(StatusCode.PermissionDenied, $"currency: {code} belongs to another merchant"));
    }

    private static (long Account, long Amount, string Key, string? Memo) Validate(PointsRequest request) => (
        Check.Positive(request.AccountId, "account_id"),
        Check.Positive(request.Amount, "amount"),
        Check.Text(request.IdempotencyKey, "idempotency_key", 1, 128),
        request.Memo.Length == 0 ? null : Check.Text(request.Memo, "memo", 0, 500));
}
