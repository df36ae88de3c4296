using System.Collections.Concurrent;
using PointsExchange.Contracts.V1;
using PointsExchange.Engine;
using PointsExchange.Grains;
using PointsExchange.Ledger;
using PointsExchange.Matching;

namespace PointsExchange.Server.Streaming;

/// <summary>
/// Market data and account events of this silo's books, from committed batches only: the engine calls
/// <see cref="Publish"/> on its publish stage, after the ledger committed the batch, so nothing a
/// subscriber sees can be rolled back. The publish stage never waits on a subscriber (see
/// <see cref="Subscription{T}"/>). A book's state comes from the ledger when it loads
/// (<see cref="OnBookLoaded"/>), then from events.
/// </summary>
internal sealed class MarketDataHub(PostgresLedger ledger, int queueCapacity) : IPublishPort, IBookObserver
{
    private readonly ConcurrentDictionary<int, PairFeed> _feeds = new();
    private readonly Lock _tickersGate = new();
    private readonly Lock _accountsGate = new();
    private readonly Dictionary<long, List<Subscription<AccountTouch>>> _accounts = [];
    private List<(HashSet<int>? Pairs, Subscription<Ticker> Subscription)> _tickers = [];
    private volatile int _accountSubscribers;

    public int QueueCapacity => queueCapacity;

    /// <summary>Called on a thread-pool thread when a book loads, before any command reaches it.</summary>
    public void OnBookLoaded(PairInfo pair, Matching.OrderBook book)
    {
        var since = DateTime.UtcNow.AddDays(-1).AddMinutes(-1);
        var bars = ledger.CandlesAsync(pair.PairId, TimeSpan.FromMinutes(1), since, DateTime.UtcNow.AddDays(1), 2 * 24 * 60).GetAwaiter().GetResult();
        var last = ledger.TradeStatsAsync(pair.PairId, DateTime.UtcNow).GetAwaiter().GetResult().Last;
        var feed = _feeds.GetOrAdd(pair.PairId, _ => new PairFeed(pair));
        lock (feed.Gate)
        {
            feed.Reload(book.Orders(), bars.Select(b => new TradeTape.Bar(SettlementPlanner.ToMicros(b.OpenTime), b.Open, b.High, b.Low, b.Close,
                b.Volume, b.QuoteVolume)), last);
        }
    }

    public void Publish(in CommitBatch batch)
    {
        List<PairFeed>? touched = null;
        Dictionary<long, AccountTouch>? accounts = null;
        for (var i = 0; i < batch.Count; i++)
        {
            ref readonly var slot = ref batch[i];
            if (slot.Status != CommandStatus.Executed || slot.Command.Kind != EngineCommandKind.Order || !_feeds.TryGetValue(slot.Command.PairId, out var feed))
            {
                continue;
            }

            var events = batch.EventsOf(in slot);
            lock (feed.Gate)
            {
                feed.Mirror.BeginCommand();
                for (var e = 0; e < events.Count; e++)
                {
                    feed.Apply(in events[e], slot.Command.Timestamp);
                }

                feed.Mirror.EndCommand();
            }

            touched ??= [];
            if (!touched.Contains(feed))
            {
                touched.Add(feed);
            }

            if (_accountSubscribers > 0)
            {
                CollectAccountTouches(feed.Pair, events, ref accounts);
            }
        }

        if (touched is null)
        {
            return;
        }

        foreach (var feed in touched)
        {
            Ticker? ticker;
            lock (feed.Gate)
            {
                ticker = feed.Flush();
                feed.Prune();
            }

            if (ticker is not null)
            {
                OfferTicker(feed.Pair.PairId, ticker);
            }
        }

        if (accounts is not null)
        {
            OfferAccountTouches(accounts);
        }
    }

    public PairFeed Feed(int pairId) =>
        _feeds.TryGetValue(pairId, out var feed) ? feed : throw new InvalidOperationException($"pair {pairId} is not loaded in this silo");

    public Subscription<Trade> SubscribeTrades(int pairId) => WithFeed(pairId, f => f.SubscribeTrades(queueCapacity));

    public Subscription<BookMessage> SubscribeBook(int pairId) => WithFeed(pairId, f => f.SubscribeBook(queueCapacity));

    public Subscription<Candle> SubscribeCandles(int pairId, int interval) => WithFeed(pairId, f => f.SubscribeCandles(interval, queueCapacity));

    /// <summary>Current tickers first (of the pairs given, or of all loaded pairs), then every change.</summary>
    public Subscription<Ticker> SubscribeTickers(IReadOnlyCollection<int>? pairIds)
    {
        var subscription = new Subscription<Ticker>(queueCapacity, "ticker");
        var now = SettlementPlanner.ToMicros(DateTime.UtcNow);
        lock (_tickersGate)
        {
            foreach (var feed in _feeds.Values.Where(f => pairIds is null || pairIds.Contains(f.Pair.PairId)).OrderBy(f => f.Pair.Symbol, StringComparer.Ordinal))
            {
                lock (feed.Gate)
                {
                    subscription.Offer(feed.Ticker(now));
                }
            }

            _tickers = [.. _tickers, (pairIds is null ? null : [.. pairIds], subscription)];
        }

        return subscription;
    }

    public Ticker Ticker(int pairId) => WithFeed(pairId, f => f.Ticker(SettlementPlanner.ToMicros(DateTime.UtcNow)));

    /// <summary>Joins an account's event stream: one touch per committed batch that changed its orders or trades.</summary>
    public Subscription<AccountTouch> SubscribeAccount(long accountId)
    {
        var subscription = new Subscription<AccountTouch>(queueCapacity, "account event");
        lock (_accountsGate)
        {
            if (!_accounts.TryGetValue(accountId, out var list))
            {
                _accounts[accountId] = list = [];
            }

            list.Add(subscription);
            _accountSubscribers++;
        }

        return subscription;
    }

    /// <summary>Tells an account's subscribers that a committed issuance or redemption moved its balance of a currency.</summary>
    public void BalanceMoved(long accountId, string currency) =>
        OfferAccountTouches(new Dictionary<long, AccountTouch> { [accountId] = new([], []) { Currencies = [currency] } });

    public void UnsubscribeAccount(long accountId, Subscription<AccountTouch> subscription)
    {
        lock (_accountsGate)
        {
            if (_accounts.TryGetValue(accountId, out var list) && list.Remove(subscription))
            {
                _accountSubscribers--;
                if (list.Count == 0)
                {
                    _accounts.Remove(accountId);
                }
            }
        }
    }

    private T WithFeed<T>(int pairId, Func<PairFeed, T> action)
    {
        var feed = Feed(pairId);
        lock (feed.Gate)
        {
            return action(feed);
        }
    }

    private void OfferTicker(int pairId, Ticker ticker)
    {
        var subscribers = _tickers;
        var closed = false;
        foreach (var (pairs, subscription) in subscribers)
        {
            if (pairs is null || pairs.Contains(pairId))
            {
                subscription.Offer(ticker);
            }

            closed |= !subscription.IsOpen;
        }

        if (closed)
        {
            lock (_tickersGate)
            {
                _tickers = _tickers.Where(t => t.Subscription.IsOpen).ToList();
            }
        }
    }

    private void CollectAccountTouches(PairInfo pair, EventView events, ref Dictionary<long, AccountTouch>? accounts)
    {
        lock (_accountsGate)
        {
            for (var e = 0; e < events.Count; e++)
            {
                ref readonly var ev = ref events[e];
                if (ev.Kind == MatchEventKind.Rejected)
                {
                    continue;
                }

                var tradeId = ev.Kind == MatchEventKind.Trade ? SettlementPlanner.GlobalTradeId(pair.PairId, ev.TradeId) : 0;
                Touch(ev.AccountId, ev.OrderId, tradeId, ref accounts);
                if (ev.Kind == MatchEventKind.Trade)
                {
                    Touch(ev.MakerAccountId, ev.MakerOrderId, tradeId, ref accounts);
                }
            }
        }
    }

    private void Touch(long accountId, long orderId, long tradeId, ref Dictionary<long, AccountTouch>? accounts)
    {
        if (!_accounts.ContainsKey(accountId))
        {
            return;
        }

        accounts ??= [];
        if (!accounts.TryGetValue(accountId, out var touch))
        {
            accounts[accountId] = touch = new AccountTouch([], []);
        }

        if (!touch.OrderIds.Contains(orderId))
        {
            touch.OrderIds.Add(orderId);
        }

        if (tradeId != 0)
        {
            touch.TradeIds.Add(tradeId);
        }
    }

    private void OfferAccountTouches(Dictionary<long, AccountTouch> accounts)
    {
        lock (_accountsGate)
        {
            foreach (var (accountId, touch) in accounts)
            {
                if (_accounts.TryGetValue(accountId, out var list))
                {
                    foreach (var subscription in list)
                    {
                        subscription.Offer(touch);
                    }
                }
            }
        }
    }
}

/// <summary>
/// What one committed change did to an account: the orders a batch changed and the trades it made (global
/// ids), or the currencies whose balance moved outside the book (points issued or redeemed).
/// </summary>
internal sealed record AccountTouch(List<long> OrderIds, List<long> TradeIds)
{
    public IReadOnlyList<string> Currencies { get; init; } = [];
}
