using PointsExchange.Contracts.V1;

namespace PointsExchange.Server.Streaming;

/// <summary>
/// A pair's committed trades folded into what tickers and candles show: one-minute bars covering the last
/// 24 hours (the rolling ticker window) and the open candle of each interval. Loaded from the ledger's
/// trades when the book loads, then fed trade by trade; times are Unix microseconds.
/// </summary>
internal sealed class TradeTape
{
    public const long MinuteMicros = 60_000_000;
    public const long DayMicros = 24 * 60 * MinuteMicros;

    public static readonly IReadOnlyList<(CandleInterval Interval, long Micros)> Intervals =
    [
        (CandleInterval._1M, MinuteMicros), (CandleInterval._5M, 5 * MinuteMicros), (CandleInterval._1H, 60 * MinuteMicros), (CandleInterval._1D, DayMicros),
    ];

    private readonly LinkedList<Bar> _minutes = new();
    private readonly Bar?[] _open = new Bar?[Intervals.Count];
    private Bar _window;
    private bool _windowStale = true;

    /// <summary>The last trade's price, however old; 0 before the first trade.</summary>
    public long Last { get; private set; }

    /// <summary>Starts from the ledger's one-minute bars (oldest first) and the last price.</summary>
    public void Load(IEnumerable<Bar> minuteBars, long last)
    {
        _minutes.Clear();
        Array.Clear(_open);
        foreach (var bar in minuteBars)
        {
            _minutes.AddLast(bar);
            for (var i = 0; i < Intervals.Count; i++)
            {
                var start = Floor(bar.OpenMicros, Intervals[i].Micros);
                _open[i] = _open[i] is { } open && open.OpenMicros == start ? open.Merge(bar) : bar with { OpenMicros = start };
            }
        }

        Last = last;
        _windowStale = true;
    }

    /// <summary>Adds a committed trade; trades arrive in time order per pair.</summary>
    public void Add(long micros, long price, long quantity)
    {
        var trade = new Bar(Floor(micros, MinuteMicros), price, price, price, price, quantity, quantity * price);
        if (_minutes.Last is { } last && last.Value.OpenMicros >= trade.OpenMicros)
        {
            last.Value = last.Value.Merge(trade);
        }
        else
        {
            _minutes.AddLast(trade);
        }

        for (var i = 0; i < Intervals.Count; i++)
        {
            var start = Floor(micros, Intervals[i].Micros);
            _open[i] = _open[i] is { } open && open.OpenMicros >= start ? open.Merge(trade) : trade with { OpenMicros = start };
        }

        if (!_windowStale)
        {
            _window = _window.Volume == 0 ? trade : _window.Merge(trade);
        }

        Last = price;
    }

    /// <summary>The open candle of an interval (null before its first trade).</summary>
    public Bar? OpenCandle(int interval) => _open[interval];

    /// <summary>Open, high, low, volumes of the 24 hours before <paramref name="nowMicros"/>.</summary>
    public Bar Window(long nowMicros)
    {
        var cutoff = Floor(nowMicros - DayMicros, MinuteMicros);
        while (_minutes.First is { } first && first.Value.OpenMicros <= cutoff)
        {
            _minutes.RemoveFirst();
            _windowStale = true;
        }

        if (_windowStale)
        {
            _window = default;
            foreach (var bar in _minutes)
            {
                _window = _window.Volume == 0 ? bar : _window.Merge(bar);
            }

            _windowStale = false;
        }

        return _window;
    }

    public static long Floor(long micros, long width) => micros - (((micros % width) + width) % width);

    /// <summary>OHLCV over a span starting at <see cref="OpenMicros"/>.</summary>
    public readonly record struct Bar(long OpenMicros, long Open, long High, long Low, long Close, long Volume, long QuoteVolume)
    {
        /// <summary>This bar followed by a later one.</summary>
        public Bar Merge(Bar later) =>
            new(OpenMicros, Open, Math.Max(High, later.High), Math.Min(Low, later.Low), later.Close, Volume + later.Volume, QuoteVolume + later.QuoteVolume);
    }
}
