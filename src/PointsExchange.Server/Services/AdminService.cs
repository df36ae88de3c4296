using Grpc.Core;
using PointsExchange.Contracts.V1;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using PointsExchange.Server.Auth;

namespace PointsExchange.Server.Services;

/// <summary>Operators: accounts, currencies, pairs, halts (role ADMIN, checked by <see cref="AuthInterceptor"/>).</summary>
public sealed class AdminService(PostgresLedger ledger, ApiKeys keys, IGrainFactory grains, ILogger<AdminService> logger)
    : Admin.AdminBase
{
    public override async Task<CreateAccountResponse> CreateAccount(CreateAccountRequest request, ServerCallContext context)
    {
        var name = Check.Text(request.DisplayName, "display_name", 1, 200);
        var role = request.Role switch
        {
            Role.Admin => AccountRole.Admin,
            Role.Merchant => AccountRole.Merchant,
            Role.User => AccountRole.User,
            _ => throw Check.Invalid("role", "must be ADMIN, MERCHANT or USER"),
        };
        var accountId = await ledger.CreateAccountAsync(name, role, context.CancellationToken);
        var key = await keys.CreateAsync(accountId, context.CancellationToken);
        logger.LogInformation("Account {AccountId} created with role {Role} by {Admin}", accountId, role, AuthInterceptor.Caller(context).AccountId);
        return new CreateAccountResponse { AccountId = accountId, ApiKey = key };
    }

    public override async Task<Currency> CreateCurrency(CreateCurrencyRequest request, ServerCallContext context)
    {
        var code = Check.CurrencyCode(request.Code, "code");
        var currency = await ledger.CreateCurrencyAsync(code, Check.Text(request.Name, "name", 1, 200),
            Check.Positive(request.MerchantAccountId, "merchant_account_id"),
            Check.NotNegative(request.ReferenceCashValueMinor, "reference_cash_value_minor"),
            Check.NotNegative(request.DailyIssuanceLimit, "daily_issuance_limit"), context.CancellationToken);
        logger.LogInformation("Currency {Code} created for merchant {Merchant}", code, currency.MerchantAccountId);
        return currency.ToProto();
    }

    public override async Task<Pair> CreatePair(CreatePairRequest request, ServerCallContext context)
    {
        var baseCode = Check.CurrencyCode(request.Base, "base");
        var quoteCode = Check.CurrencyCode(request.Quote, "quote");
        if (baseCode == quoteCode)
        {
            throw Check.Invalid("quote", "must differ from base");
        }

        if (request.MakerFeeBps is < 0 or > 10_000 || request.TakerFeeBps is < 0 or > 10_000)
        {
            throw Check.Invalid(request.MakerFeeBps is < 0 or > 10_000 ? "maker_fee_bps" : "taker_fee_bps", "must be 0 to 10000");
        }

        var pair = await ledger.CreatePairAsync(baseCode, quoteCode, Check.Positive(request.LotSize, "lot_size"),
            Check.Positive(request.TickSize, "tick_size"), Check.Positive(request.MinQuantity, "min_quantity"),
            request.MakerFeeBps, request.TakerFeeBps, context.CancellationToken);

        // Activate the book now, so the first order does not wait for its recovery.
        await grains.GetGrain<IOrderBookGrain>(pair.PairId).GetDepth(1);
        logger.LogInformation("Pair {Symbol} created", pair.Symbol);
        return pair.ToProto();
    }

    public override async Task<Pair> SetPairStatus(SetPairStatusRequest request, ServerCallContext context)
    {
        var pair = await Check.PairAsync(ledger, request.Symbol);
        var halt = request.Status switch
        {
            PairStatus.Halted => true,
            PairStatus.Trading => false,
            _ => throw Check.Invalid("status", "must be TRADING or HALTED"),
        };
        Check.Ok(await grains.GetGrain<IOrderBookGrain>(pair.PairId).SetHalted(halt));
        logger.LogInformation("Pair {Symbol} is now {Status}", pair.Symbol, request.Status);
        return (await Check.PairAsync(ledger, request.Symbol)).ToProto();
    }
}
