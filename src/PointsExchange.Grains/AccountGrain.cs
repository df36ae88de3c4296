using Orleans.Concurrency;
using PointsExchange.Engine;
using PointsExchange.Ledger;
using PointsExchange.Matching;

namespace PointsExchange.Grains;

/// <summary>
/// The gate for one account's orders and redemptions. Its risk view follows the account's committed
/// balances: its own commands' effects come back with their outcomes, fills of its resting orders by
/// others are announced by <see cref="MakerFillPublisher"/>, and points issued to it are found when a
/// check fails and the view reloads. Reentrant: commands of one account run
/// concurrently, each holding its funds in the risk view before it leaves and releasing them when
/// its outcome is back. A retried client order id returns the original outcome and does nothing twice.
/// </summary>
[Reentrant]
public sealed class AccountGrain(EngineHost host) : Grain, IAccountGrain
{
    private static readonly TimeSpan QuietWait = TimeSpan.FromSeconds(5);

    private readonly RiskView _risk = new();
    private readonly Dictionary<string, (OrderRequest Request, Task<OrderOutcome> Outcome)> _pending = [];
    private int _inFlight;
    private TaskCompletionSource? _quiet;

    // Set while the committed balances are being reloaded: no command may start meanwhile, or its effects
    // could be counted twice (once in the reloaded balances, once from its events).
    private Task _reloading = Task.CompletedTask;

    private long AccountId => this.GetPrimaryKeyLong();

    // Per pair, the highest maker trade the last snapshot holds: announced fills at or below it are in it already.
    private Dictionary<int, long> _makerMarks = [];

    // The client order ids this account may have used: a new id need not be looked up in the ledger.
    private ClientIdFilter _usedIds = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var used = await host.Ledger.ClientOrderIdsAsync(AccountId, cancellationToken);
        _usedIds = new ClientIdFilter(2 * used.Count);
        used.ForEach(_usedIds.Add);
        await ReloadAsync(cancellationToken);
    }

    public Task ApplyMakerFills(MakerFills fills)
    {
        foreach (var delta in fills.Deltas)
        {
            var mark = fills.Marks.FirstOrDefault(m => m.PairId == delta.PairId);
            if (mark is not null && mark.LastTradeId > _makerMarks.GetValueOrDefault(delta.PairId))
            {
                _risk.Move(delta.CurrencyId, delta.Total, delta.Held);
            }
        }

        return Task.CompletedTask;
    }

    private async Task ReloadAsync(CancellationToken cancel = default)
    {
        var (balances, marks) = await host.Ledger.GetRiskSnapshotAsync(AccountId, cancel);
        _risk.Load(balances);
        _makerMarks = marks;
    }

    public async Task<OrderOutcome> Submit(OrderRequest request)
    {
        request = request with { AccountId = AccountId };
        if (request.ClientOrderId is not { } clientId || (CommandType)request.CommandType != CommandType.Place)
        {
            if (request.ClientOrderId is { } newId)
            {
                _usedIds.Add(newId); // a replace's new id: a later place with it must ask the ledger
            }

            return await RunAsync(request);
        }

        // Registered before the first await, so a retry that arrives meanwhile joins this one.
        if (_pending.TryGetValue(clientId, out var pending))
        {
            return SameOrder(pending.Request, request) ? await pending.Outcome : AlreadyUsed(clientId);
        }

        var outcome = PlaceOnceAsync(request, clientId);
        _pending[clientId] = (request, outcome);
        try
        {
            return await outcome;
        }
        finally
        {
            _pending.Remove(clientId);
        }
    }

    public async Task<RedeemOutcome> Redeem(RedeemRequest request)
    {
        var currency = await host.Ledger.FindCurrencyAsync(request.Currency);
        if (currency is null)
        {
            return new RedeemOutcome { Error = StatusCodes.NotFound, Message = $"currency: {request.Currency} does not exist" };
        }

        if (!await HasFundsAsync(currency.CurrencyId, request.Amount))
        {
            return new RedeemOutcome
            {
                Error = StatusCodes.FailedPrecondition,
                Message = $"amount: account {AccountId} has {_risk.Available(currency.CurrencyId)} {request.Currency} available, cannot redeem {request.Amount}",
            };
        }

        await _reloading;
        _risk.Reserve(currency.CurrencyId, request.Amount);
        Enter();
        try
        {
            var receipt = await host.Ledger.RedeemAsync(request.MerchantAccountId, request.Currency, AccountId, request.Amount,
                request.IdempotencyKey, request.Memo);
            if (!receipt.Replayed)
            {
                _risk.Move(currency.CurrencyId, -request.Amount, 0);
            }

            return new RedeemOutcome { TransactionId = receipt.TransactionId, CreatedAtTicks = receipt.CreatedAt.Ticks, Replayed = receipt.Replayed };
        }
        catch (LedgerRuleException e)
        {
            return new RedeemOutcome { Error = ToStatus(e.Rule), Message = e.Message };
        }
        finally
        {
            _risk.Release(currency.CurrencyId, request.Amount);
            Leave();
        }
    }

    private async Task<OrderOutcome> PlaceOnceAsync(OrderRequest request, string clientId)
    {
        if (!_usedIds.MightContain(clientId))
        {
            _usedIds.Add(clientId);
            return await RunAsync(request);
        }

        // Asked together with the look-ups of every other caller meanwhile: one round trip per burst.
        var existing = await host.Ledger.Lookup.ByClientIdAsync(AccountId, clientId);
        if (existing is null)
        {
            return await RunAsync(request);
        }

        var same = existing.PairId == request.PairId && (byte)existing.Side == request.Side && (byte)existing.Type == request.OrderType
            && (byte)existing.TimeInForce == request.TimeInForce && existing.PostOnly == request.PostOnly
            && existing.Price == request.Price && existing.Quantity == request.Quantity;
        return same
            ? new OrderOutcome { Replayed = true, OrderId = existing.OrderId, Status = (byte)CommandStatus.Executed }
            : AlreadyUsed(clientId);
    }

    /// <summary>Holds what the command may spend, hands it to the book, and books its own effects when it is back.</summary>
    private async Task<OrderOutcome> RunAsync(OrderRequest request)
    {
        await _reloading;
        var pair = host.Ledger.Pair(request.PairId);
        var (currency, needed) = Needs(pair, request);
        if (needed > 0 && !await HasFundsAsync(currency, needed))
        {
            var code = pair.Symbol.Split('-')[(Side)request.Side == Side.Buy ? 1 : 0];
            return OrderOutcome.Failed(StatusCodes.FailedPrecondition,
                $"quantity: the order needs {needed} {code} but {_risk.Available(currency)} are available");
        }

        _risk.Reserve(currency, needed);
        Enter();
        try
        {
            // The pair's grain owns its book; when the book is loaded in this silo the command goes straight to
            // the engine and saves a grain message per order (the engine checks halts and fencing either way).
            var outcome = host.Engine.HasPair(request.PairId)
                ? await host.ExecuteAsync(request)
                : await GrainFactory.GetGrain<IOrderBookGrain>(request.PairId).Execute(request);
            if (outcome is { Error: StatusCodes.Ok, Status: (byte)CommandStatus.Executed })
            {
                var command = EngineCommand.ForOrder(request.PairId, request.ToCommand() with { OrderId = outcome.OrderId });
                _risk.Apply(AccountId, pair, host.Ledger.FeeAccountId, in command, outcome.Events);
            }

            return outcome;
        }
        finally
        {
            _risk.Release(currency, needed);
            Leave();
        }
    }

    /// <summary>
    /// What a command may need to hold before the book answers: a place its whole hold, a replace its new
    /// hold (its old one is released by the same command, but not before); cancels and amends only release.
    /// </summary>
    private static (int Currency, long Points) Needs(PairInfo pair, OrderRequest r) => (CommandType)r.CommandType switch
    {
        CommandType.Place or CommandType.Replace when r.Price > 0 && r.Quantity > 0 =>
            BalanceEffects.HoldOf(pair, (Side)r.Side == Side.Sell ? Side.Sell : Side.Buy, r.Price, r.Quantity),
        _ => (pair.QuoteCurrencyId, 0),
    };

    /// <summary>
    /// Whether the view shows enough. If not, once nothing of this account is in flight (so every own effect
    /// is committed and in the view), reloads the committed balances, which include what the view missed.
    /// </summary>
    private async Task<bool> HasFundsAsync(int currency, long needed)
    {
        if (_risk.Available(currency) >= needed)
        {
            return true;
        }

        var deadline = DateTime.UtcNow + QuietWait;
        while (_inFlight > 0)
        {
            // Kept in a local: Leave() clears the field when the last command comes back, before this resumes.
            var quiet = _quiet ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || await Task.WhenAny(quiet.Task, Task.Delay(remaining)) != quiet.Task)
            {
                return false;
            }
        }

        if (!_reloading.IsCompleted)
        {
            await _reloading;
        }
        else
        {
            var reload = ReloadAsync();
            _reloading = reload;
            await reload;
        }

        return _risk.Available(currency) >= needed;
    }

    private void Enter() => _inFlight++;

    private void Leave()
    {
        if (--_inFlight == 0 && _quiet is { } quiet)
        {
            _quiet = null;
            quiet.TrySetResult();
        }
    }

    private static bool SameOrder(OrderRequest a, OrderRequest b) => a with { ClientOrderId = null } == b with { ClientOrderId = null };

    private static OrderOutcome AlreadyUsed(string clientId) =>
        OrderOutcome.Failed(StatusCodes.AlreadyExists, $"client_order_id: '{clientId}' was already used for a different order");

    private static int ToStatus(LedgerRule rule) => rule switch
    {
        LedgerRule.InvalidArgument => StatusCodes.InvalidArgument,
        LedgerRule.NotFound => StatusCodes.NotFound,
        LedgerRule.AlreadyExists => StatusCodes.AlreadyExists,
        LedgerRule.PermissionDenied => StatusCodes.PermissionDenied,
        _ => StatusCodes.FailedPrecondition,
    };
}
