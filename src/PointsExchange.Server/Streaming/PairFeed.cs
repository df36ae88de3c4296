using PointsExchange.Contracts.V1;
using PointsExchange.Ledger;
using PointsExchange.Matching;
using PointsExchange.Server.Services;

namespace PointsExchange.Server.Streaming;

/// <summary>
/// One pair's market data state and subscribers. The publish stage applies committed commands and flushes
/// once per batch; subscribers join under the same lock, so a snapshot and the first delta after it leave
/// no gap. <see cref="Seq"/> grows by exactly one per delta.
/// </summary>
internal sealed class PairFeed(PairInfo pair)
{
    private readonly List<Trade> _pendingTrades = [];
    private readonly List<Subscription<Trade>> _trades = [];
    private readonly List<Subscription<BookMessage>> _books = [];
    private readonly List<Subscription<Candle>>[] _candles = TradeTape.Intervals.Select(_ => new List<Subscription<Candle>>()).ToArray();
    private long _bestBid;
    private long _bestAsk;
    private long _lastMicros;
    private bool _traded;

    public object Gate { get; } = new();

    public PairInfo Pair { get; } = pair;

    public BookMirror Mirror { get; } = new();

    public TradeTape Tape { get; } = new();

    /// <summary>The sequence of the last delta (a snapshot carries the current one).</summary>
    public long Seq { get; private set; }

    /// <summary>Replaces the state with a book the ledger rebuilt; book subscribers get it as a fresh snapshot.</summary>
    public void Reload(IEnumerable<RestingOrder> orders, IEnumerable<TradeTape.Bar> minuteBars, long lastPrice)
    {
        Mirror.Load(orders);
        Tape.Load(minuteBars, lastPrice);
        Seq++;
        Offer(_books, Snapshot());
    }

    /// <summary>Applies one committed command's events (call <see cref="BookMirror.BeginCommand"/> first).</summary>
    public void Apply(in MatchEvent e, long micros)
    {
        Mirror.Apply(in e);
        _lastMicros = micros;
        if (e.Kind != MatchEventKind.Trade)
        {
            return;
        }

        Tape.Add(micros, e.Price, e.Quantity);
        _traded = true;
        if (_trades.Count == 0)
        {
            return;
        }

        _pendingTrades.Add(new Trade
        {
            TradeId = SettlementPlanner.GlobalTradeId(Pair.PairId, e.TradeId), Symbol = Pair.Symbol, Price = e.Price, Quantity = e.Quantity,
            TakerSide = (Contracts.V1.Side)e.Side, Time = Protos.TimeFromMicros(micros), Seq = e.TradeId, Rate = Protos.Rate(e.Price, Pair.LotSize),
        });
    }

    /// <summary>Sends what the batch changed: one depth delta, the trades, the open candles; returns a ticker if it moved.</summary>
    public Ticker? Flush()
    {
        var (bids, asks) = Mirror.TakeChanges();
        if (bids.Count + asks.Count > 0)
        {
            Seq++;
            Offer(_books, new BookMessage(Seq, bids, asks, IsSnapshot: false));
        }

        var traded = _traded;
        _traded = false;
        foreach (var trade in _pendingTrades)
        {
            Offer(_trades, trade);
        }

        _pendingTrades.Clear();
        if (traded)
        {
            for (var i = 0; i < _candles.Length; i++)
            {
                if (_candles[i].Count > 0 && Candle(i) is { } candle)
                {
                    Offer(_candles[i], candle);
                }
            }
        }

        var moved = traded || Mirror.BestBid != _bestBid || Mirror.BestAsk != _bestAsk;
        _bestBid = Mirror.BestBid;
        _bestAsk = Mirror.BestAsk;
        return moved ? Ticker(_lastMicros) : null;
    }

    public Subscription<Trade> SubscribeTrades(int capacity) => Add(_trades, new Subscription<Trade>(capacity, "trade"));

    /// <summary>Joins the book stream: the first queued message is the snapshot at the current seq.</summary>
    public Subscription<BookMessage> SubscribeBook(int capacity)
    {
        var subscription = new Subscription<BookMessage>(capacity, "order book");
        subscription.Offer(Snapshot());
        return Add(_books, subscription);
    }

    /// <summary>Joins a candle stream: the interval's open candle first, if there is one.</summary>
    public Subscription<Candle> SubscribeCandles(int interval, int capacity)
    {
        var subscription = new Subscription<Candle>(capacity, "candle");
        if (Candle(interval) is { } open)
        {
            subscription.Offer(open);
        }

        return Add(_candles[interval], subscription);
    }

    /// <summary>The rolling 24-hour ticker at <paramref name="nowMicros"/>.</summary>
    public Ticker Ticker(long nowMicros)
    {
        var window = Tape.Window(nowMicros);
        return new Ticker
        {
            Symbol = Pair.Symbol,
            LastPrice = Tape.Last,
            LastRate = Protos.Rate(Tape.Last, Pair.LotSize),
            BestBid = Mirror.BestBid,
            BestAsk = Mirror.BestAsk,
            Open24H = window.Open,
            High24H = window.High,
            Low24H = window.Low,
            Volume24H = window.Volume,
            QuoteVolume24H = window.QuoteVolume,
            Change24H = window.Open == 0 ? "0"
                : ((window.Close - window.Open) / (decimal)window.Open).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture),
            Seq = Seq,
            Time = Protos.TimeFromMicros(nowMicros),
        };
    }

    public Candle? Candle(int interval) => Tape.OpenCandle(interval) is { } bar ? ToCandle(Pair.Symbol, TradeTape.Intervals[interval].Interval, bar) : null;

    public static Candle ToCandle(string symbol, CandleInterval interval, TradeTape.Bar bar) => new()
    {
        Symbol = symbol, Interval = interval, OpenTime = Protos.TimeFromMicros(bar.OpenMicros), Open = bar.Open, High = bar.High, Low = bar.Low,
        Close = bar.Close, Volume = bar.Volume, QuoteVolume = bar.QuoteVolume,
    };

    /// <summary>Forgets subscribers that left or were cut off.</summary>
    public void Prune()
    {
        _trades.RemoveAll(s => !s.IsOpen);
        _books.RemoveAll(s => !s.IsOpen);
        foreach (var list in _candles)
        {
            list.RemoveAll(s => !s.IsOpen);
        }
    }

    private BookMessage Snapshot() => new(Seq, Mirror.Levels(Matching.Side.Buy, int.MaxValue), Mirror.Levels(Matching.Side.Sell, int.MaxValue), IsSnapshot: true);

    private static Subscription<T> Add<T>(List<Subscription<T>> list, Subscription<T> subscription)
    {
        list.Add(subscription);
        return subscription;
    }

    private static void Offer<T>(List<Subscription<T>> subscribers, T message)
    {
        foreach (var subscriber in subscribers)
        {
            subscriber.Offer(message);
        }
    }
}
