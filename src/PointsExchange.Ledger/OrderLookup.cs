namespace PointsExchange.Ledger;

/// <summary>
/// Single-order look-ups (cancels, replaces, order queries, retried client order ids). An order this process
/// settled lately is answered from <see cref="RecentOrders"/>; the others are coalesced: while one
/// query is out, the keys asked meanwhile wait and go together in the next, so a burst of a thousand cancels
/// costs a few round trips instead of a thousand (each a pooled connection, a parse and an index probe).
/// </summary>
public sealed class OrderLookup(PostgresLedger ledger)
{
    /// <summary>Keys per query at most: the rest wait for the next one.</summary>
    public const int MaxKeysPerQuery = 512;

    private readonly Lock _gate = new();
    private List<Request> _waiting = [];
    private bool _querying;

    /// <summary>How often a look-up waits for its pair's commit in progress before it asks PostgreSQL instead.</summary>
    private const int CommitWaits = 2;

    /// <summary>An order by id, whoever owns it (the caller checks ownership).</summary>
    public Task<OrderRecord?> ByIdAsync(long orderId) => FindAsync(orderId, 0, null);

    /// <summary>An account's order by its client order id.</summary>
    public Task<OrderRecord?> ByClientIdAsync(long accountId, string clientOrderId) => FindAsync(0, accountId, clientOrderId);

    private Task<OrderRecord?> FindAsync(long orderId, long accountId, string? clientOrderId) =>
        TryRecent(orderId, accountId, clientOrderId, out var recent, out var committing) ? Task.FromResult(recent)
        : committing is null ? Enqueue(new Request(orderId, accountId, clientOrderId))
        : AfterCommitAsync(committing, orderId, accountId, clientOrderId);

    /// <summary>
    /// The order's pair is committing a batch: the answer is in memory once that batch is applied, about as soon as a
    /// query would come back and without one.
    /// </summary>
    private async Task<OrderRecord?> AfterCommitAsync(Task committing, long orderId, long accountId, string? clientOrderId)
    {
        Task? next = committing;
        for (var wait = 0; wait < CommitWaits && next is not null; wait++)
        {
            await next;
            if (TryRecent(orderId, accountId, clientOrderId, out var recent, out next))
            {
                return recent;
            }
        }

        return await Enqueue(new Request(orderId, accountId, clientOrderId));
    }

    private bool TryRecent(long orderId, long accountId, string? clientOrderId, out OrderRecord? recent, out Task? committing) =>
        clientOrderId is null
            ? ledger.Recent.TryGet(orderId, out recent, out committing)
            : ledger.Recent.TryGetByClientId(accountId, clientOrderId, out recent, out committing);

    private Task<OrderRecord?> Enqueue(Request request)
    {
        lock (_gate)
        {
            _waiting.Add(request);
            if (_querying)
            {
                return request.Answer.Task;
            }

            _querying = true;
        }

        _ = Task.Run(QueryWhileWaitingAsync);
        return request.Answer.Task;
    }

    private async Task QueryWhileWaitingAsync()
    {
        while (true)
        {
            List<Request> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _querying = false;
                    return;
                }

                if (_waiting.Count <= MaxKeysPerQuery)
                {
                    (batch, _waiting) = (_waiting, []);
                }
                else
                {
                    batch = _waiting[..MaxKeysPerQuery];
                    _waiting.RemoveRange(0, MaxKeysPerQuery);
                }
            }

            await AnswerAsync(batch);
        }
    }

    private async Task AnswerAsync(List<Request> batch)
    {
        try
        {
            var byId = batch.Where(r => r.ClientOrderId is null).Select(r => r.OrderId).Distinct().ToArray();
            var byClient = batch.Where(r => r.ClientOrderId is not null).ToArray();
            var found = await ledger.OrdersByKeysAsync(byId, [.. byClient.Select(r => r.AccountId)], [.. byClient.Select(r => r.ClientOrderId!)]);
            // An order asked for both by id and by client id comes back twice.
            var orders = new Dictionary<long, OrderRecord>();
            var clientIds = new Dictionary<(long, string), OrderRecord>();
            foreach (var order in found)
            {
                orders[order.OrderId] = order;
                if (order.ClientOrderId is not null)
                {
                    clientIds[(order.AccountId, order.ClientOrderId)] = order;
                }
            }

            foreach (var request in batch)
            {
                request.Answer.SetResult(request.ClientOrderId is null
                    ? orders.GetValueOrDefault(request.OrderId)
                    : clientIds.GetValueOrDefault((request.AccountId, request.ClientOrderId)));
            }
        }
        catch (Exception e)
        {
            foreach (var request in batch)
            {
                request.Answer.TrySetException(e);
            }
        }
    }

    private sealed record Request(long OrderId, long AccountId, string? ClientOrderId)
    {
        public TaskCompletionSource<OrderRecord?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
