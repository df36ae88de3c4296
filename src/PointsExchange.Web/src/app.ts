// The dashboard's controller: which pair is shown, who is signed in, which streams are open.
//
//   StreamTickers (every pair, for the page's life) ──> Tickers ──> rates table, pair header, stats refresh
//   StreamOrderBook(pair) ─> Book ─> ladder, depth          \
//   StreamTrades(pair) ────> Trades ─> tape, last price       > reopened for each selected pair
//   StreamCandles(pair, interval) ─> Candles ─> chart        /
//
// The first state of each comes from the unary calls (ListPairs, GetTicker, GetOrderBook, GetTrades,
// GetCandles): once at once, so that the page shows something even while a stream is down, and again
// each time its stream opens (the server answers with headers once it has subscribed), so that nothing
// falls between the fetch and the stream, after a lost stream too; from then on only the streams move
// the page. The order book needs no fetch on open: its stream starts with a snapshot.
// Four streams hold four of the six HTTP/1.1 connections a browser opens to one origin.

import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, codeOf, describe, marketData } from "./api";
import { byId } from "./dom";
import { points, percent, rate } from "./format";
import { CandleInterval, type Pair } from "./gen/pointsexchange/v1/common_pb";
import type { CurrencyStats } from "./gen/pointsexchange/v1/merchant_pb";
import { follow, type LinkStatus } from "./live";
import { Book, Candles, currencies, Tickers, Trades } from "./market";
import { forgetKey, rememberedKey, signIn, SignInError, type MerchantSession } from "./session";
import { renderDepth, renderLadder } from "./views/book";
import { CandleChart } from "./views/chart";
import { renderLinks } from "./views/links";
import { renderRates } from "./views/rates";
import { renderStats } from "./views/stats";
import { TradeTape } from "./views/trades";

type Part = "rates" | "stats" | "pair" | "book" | "trades" | "links";

interface PairFeed {
  readonly pair: Pair;
  /** Ends this pair's streams when another pair is selected. */
  readonly stop: AbortController;
  readonly book: Book;
  readonly trades: Trades;
  readonly tape: TradeTape;
  candles: Candles;
  candleStop: AbortController;
}

interface SignedIn {
  readonly session: MerchantSession;
  currency: string;
  stats: CurrencyStats;
}

const bookDepth = 20;
const candlesShown = 300;
const intervalSeconds: Record<number, number> = { 1: 60, 2: 300, 3: 3_600, 4: 86_400 };
const statsDebounceMs = 1_000;
/** Issuance and redemptions have no stream: the stats are also asked again this often. */
const statsRefreshMs = 30_000;

export class Dashboard {
  private pairs: Pair[] = [];
  private readonly tickers = new Tickers();
  private readonly links = new Map<string, LinkStatus>();
  private feed: PairFeed | undefined;
  private interval = CandleInterval.CANDLE_INTERVAL_1M;
  private merchant: SignedIn | undefined;
  private readonly dirty = new Set<Part>();
  private frame = 0;
  private statsTimer = 0;
  private statsSoonTimer = 0;
  private pairsLoading: Promise<void> | undefined;
  private readonly chart = new CandleChart(byId("chart"));
  private readonly ui = {
    body: document.body,
    links: byId("links"),
    notice: byId("notice"),
    signin: byId<HTMLFormElement>("signin"),
    key: byId<HTMLInputElement>("key"),
    currency: byId<HTMLInputElement>("currency"),
    signinButton: byId<HTMLButtonElement>("signin-button"),
    signedin: byId("signedin"),
    who: byId("who"),
    ownCurrency: byId<HTMLSelectElement>("own-currency"),
    signout: byId<HTMLButtonElement>("signout"),
    viewName: byId("view-name"),
    ratesTitle: byId("rates-title"),
    rates: byId<HTMLTableElement>("rates"),
    statsCard: byId("stats-card"),
    statsTitle: byId("stats-title"),
    stats: byId("stats"),
    pairTitle: byId("pair-title"),
    pairTicker: byId("pair-ticker"),
    interval: byId<HTMLSelectElement>("interval"),
    chartNote: byId("chart-note"),
    ladder: byId<HTMLTableElement>("ladder"),
    bookNote: byId("book-note"),
    depth: document.getElementById("depth") as unknown as SVGSVGElement,
    trades: byId<HTMLTableElement>("trades"),
    tradesNote: byId("trades-note"),
  };

  async start(): Promise<void> {
    this.wire();
    await this.loadPairs();
    this.followTickers();
    void this.loadTickers();
    const key = rememberedKey();
    if (key !== null) {
      await this.signIn(key, "", true);
    }
    if (this.feed === undefined) {
      this.selectDefault();
    }
    // Countdowns of retrying streams.
    window.setInterval(() => {
      if ([...this.links.values()].some((l) => l.state === "retrying")) {
        this.invalidate("links");
      }
    }, 1_000);
  }

  private wire(): void {
    this.ui.signin.addEventListener("submit", (event) => {
      event.preventDefault();
      const key = this.ui.key.value;
      // The field is emptied at once: the key is kept in the session, not in the page.
      this.ui.key.value = "";
      void this.signIn(key, this.ui.currency.value, false);
    });
    this.ui.signout.addEventListener("click", () => this.signOut("Signed out."));
    this.ui.ownCurrency.addEventListener("change", () => {
      if (this.merchant !== undefined) {
        this.merchant.currency = this.ui.ownCurrency.value;
        this.merchant.stats = this.merchant.session.stats.get(this.merchant.currency) ?? this.merchant.stats;
        void this.refreshStats();
        this.selectDefault();
        this.invalidate("rates", "stats");
      }
    });
    this.ui.interval.addEventListener("change", () => {
      this.interval = Number(this.ui.interval.value) as CandleInterval;
      if (this.feed !== undefined) {
        this.startCandles(this.feed);
      }
    });
  }

  // ---- pairs and tickers (the whole market) ----

  private async loadPairs(): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        this.pairs = (await marketData.listPairs({})).pairs;
        this.notice(undefined);
        this.invalidate("rates");
        return;
      } catch (error) {
        const wait = Math.min(30, 2 ** failures);
        this.notice(`Cannot reach the exchange (${describe(error)}); trying again in ${wait} s.`);
        await new Promise((resolve) => setTimeout(resolve, wait * 1_000));
      }
    }
  }

  /** A pair created since the page loaded: ask for the list again (once at a time). */
  private refreshPairs(): void {
    this.pairsLoading ??= this.loadPairs().finally(() => {
      this.pairsLoading = undefined;
    });
  }

  private followTickers(): void {
    void follow({
      name: "tickers",
      signal: new AbortController().signal,
      open: (options) => marketData.streamTickers({ symbols: [] }, options),
      onMessage: (ticker) => {
        if (!this.pairs.some((p) => p.symbol === ticker.symbol)) {
          this.refreshPairs();
        }
        this.tickers.applyTicker(ticker);
        this.statsSoon(ticker.symbol);
        this.invalidate("rates", "pair");
      },
      onOpen: () => void this.loadTickers(),
      onState: (status) => this.link(status),
    });
  }

  private async loadTickers(): Promise<void> {
    const answers = await Promise.allSettled(this.pairs.map((pair) => marketData.getTicker({ symbol: pair.symbol })));
    for (const answer of answers) {
      if (answer.status === "fulfilled") {
        this.tickers.applyTicker(answer.value);
      }
    }
    this.invalidate("rates", "pair");
  }

  /** The pairs shown: a merchant's own, or every pair. */
  private shownPairs(): Pair[] {
    const own = this.merchant?.currency;
    return own === undefined ? this.pairs : this.pairs.filter((p) => p.base === own || p.quote === own);
  }

  private selectDefault(): void {
    const shown = this.shownPairs();
    const current = this.feed?.pair.symbol;
    if (shown.length > 0 && !shown.some((p) => p.symbol === current)) {
      this.select(shown[0]!.symbol);
    }
  }

  // ---- the selected pair ----

  select(symbol: string): void {
    const pair = this.pairs.find((p) => p.symbol === symbol);
    if (pair === undefined || this.feed?.pair.symbol === symbol) {
      return;
    }
    this.feed?.stop.abort();
    this.feed?.candleStop.abort();
    const feed: PairFeed = {
      pair,
      stop: new AbortController(),
      book: new Book(),
      trades: new Trades(),
      tape: new TradeTape(),
      candles: new Candles(),
      candleStop: new AbortController(),
    };
    this.feed = feed;

    void follow({
      name: "book",
      signal: feed.stop.signal,
      open: (options) => marketData.streamOrderBook({ symbol, depth: bookDepth }, options),
      // Every subscription starts with its own snapshot.
      onOpen: () => feed.book.forgetStream(),
      onMessage: (update) => {
        feed.book.apply(update);
        this.invalidate("book");
      },
      onState: (status) => this.linkOf(feed, status),
    });
    void follow({
      name: "trades",
      signal: feed.stop.signal,
      open: (options) => marketData.streamTrades({ symbol }, options),
      onOpen: () => void this.loadTrades(feed),
      onMessage: (trade) => {
        feed.trades.add([trade]);
        this.tickers.applyTrade(trade);
        this.invalidate("trades", "rates", "pair");
      },
      onState: (status) => this.linkOf(feed, status),
    });
    this.startCandles(feed);

    void this.loadBook(feed);
    void this.loadTrades(feed);
    this.invalidate("rates", "pair", "book", "trades");
  }

  private async loadBook(feed: PairFeed): Promise<void> {
    let problem: string | undefined;
    try {
      feed.book.applyUnary(await marketData.getOrderBook({ symbol: feed.pair.symbol, depth: bookDepth }));
    } catch (error) {
      problem = `Order book unavailable: ${describe(error)}`;
    }
    if (this.feed === feed) {
      this.note(this.ui.bookNote, problem);
      this.invalidate("book");
    }
  }

  private async loadTrades(feed: PairFeed): Promise<void> {
    let problem: string | undefined;
    try {
      const trades = (await marketData.getTrades({ symbol: feed.pair.symbol, limit: Trades.Kept })).trades;
      feed.trades.add(trades);
      trades.forEach((trade) => this.tickers.applyTrade(trade));
    } catch (error) {
      problem = `Trades unavailable: ${describe(error)}`;
    }
    if (this.feed === feed) {
      this.note(this.ui.tradesNote, problem);
      this.invalidate("trades", "rates", "pair");
    }
  }

  private startCandles(feed: PairFeed): void {
    feed.candleStop.abort();
    feed.candleStop = new AbortController();
    feed.candles = new Candles();
    const candles = feed.candles;
    const interval = this.interval;
    const signal = AbortSignal.any([feed.stop.signal, feed.candleStop.signal]);
    this.chart.show(feed.pair, []);

    void follow({
      name: "candles",
      signal,
      open: (options) => marketData.streamCandles({ symbol: feed.pair.symbol, interval }, options),
      onOpen: () => void this.loadCandles(feed, candles, interval),
      onMessage: (candle) => {
        if (this.feed === feed && feed.candles === candles && candle.interval === interval && candle.symbol === feed.pair.symbol) {
          this.chart.update(candles.apply(candle), candle);
          this.note(this.ui.chartNote, undefined);
        }
      },
      onState: (status) => {
        if (!signal.aborted) {
          this.link(status);
        }
      },
    });
    void this.loadCandles(feed, candles, interval);
  }

  private async loadCandles(feed: PairFeed, candles: Candles, interval: CandleInterval): Promise<void> {
    const now = Date.now();
    try {
      const answer = await marketData.getCandles({
        symbol: feed.pair.symbol,
        interval,
        start: timestampFromMs(now - candlesShown * (intervalSeconds[interval] ?? 60) * 1_000),
        end: timestampFromMs(now),
      });
      if (this.feed !== feed || feed.candles !== candles) {
        return;
      }
      candles.applyUnary(answer.candles);
      this.chart.show(feed.pair, candles.sorted());
      this.note(this.ui.chartNote, candles.byTime.size === 0 ? "No trades in this period yet." : undefined);
    } catch (error) {
      if (this.feed === feed && feed.candles === candles) {
        this.note(this.ui.chartNote, `Candles unavailable: ${describe(error)}`);
      }
    }
  }

  // ---- the merchant ----

  private async signIn(key: string, typedCurrency: string, restoring: boolean): Promise<void> {
    this.ui.signinButton.disabled = true;
    this.notice(restoring ? "Signing in again…" : "Signing in…");
    try {
      const session = await signIn(key, currencies(this.pairs), typedCurrency);
      const currency = [...session.stats.keys()].sort()[0]!;
      this.merchant = { session, currency, stats: session.stats.get(currency)! };
      this.notice(undefined);
      this.showMerchant();
    } catch (error) {
      if (restoring) {
        forgetKey();
      }
      this.notice(error instanceof SignInError ? error.message : `Sign-in failed: ${describe(error)}`);
    } finally {
      this.ui.signinButton.disabled = false;
    }
  }

  private showMerchant(): void {
    const merchant = this.merchant!;
    const owned = [...merchant.session.stats.keys()].sort();
    this.ui.body.dataset.mode = "merchant";
    this.ui.signin.hidden = true;
    this.ui.signedin.hidden = false;
    this.ui.statsCard.hidden = false;
    this.ui.viewName.textContent = "merchant dashboard";
    this.ui.who.textContent = "Merchant of";
    this.ui.ownCurrency.replaceChildren(...owned.map((code) => new Option(code, code, false, code === merchant.currency)));
    this.ui.ownCurrency.disabled = owned.length < 2;
    window.clearInterval(this.statsTimer);
    this.statsTimer = window.setInterval(() => void this.refreshStats(), statsRefreshMs);
    this.selectDefault();
    this.invalidate("rates", "stats");
  }

  private signOut(message: string): void {
    forgetKey();
    this.merchant = undefined;
    window.clearInterval(this.statsTimer);
    this.ui.body.dataset.mode = "public";
    this.ui.signin.hidden = false;
    this.ui.signedin.hidden = true;
    this.ui.statsCard.hidden = true;
    this.ui.viewName.textContent = "market";
    this.notice(message);
    this.invalidate("rates");
  }

  /** A ticker moved: the merchant's stats (24h volume, last rate) may have too. */
  private statsSoon(symbol: string): void {
    const own = this.merchant?.currency;
    if (own !== undefined && symbol.split("-").includes(own) && this.statsSoonTimer === 0) {
      this.statsSoonTimer = window.setTimeout(() => {
        this.statsSoonTimer = 0;
        void this.refreshStats();
      }, statsDebounceMs);
    }
  }

  private async refreshStats(): Promise<void> {
    const merchant = this.merchant;
    if (merchant === undefined) {
      return;
    }
    try {
      const stats = await merchant.session.client.getCurrencyStats({ currency: merchant.currency });
      if (this.merchant === merchant && merchant.currency === stats.currency) {
        merchant.stats = stats;
        this.invalidate("stats");
      }
    } catch (error) {
      if (codeOf(error) === Code.Unauthenticated) {
        this.signOut(`Signed out: the server no longer accepts the key (${describe(error)}).`);
      }
    }
  }

  // ---- drawing ----

  private link(status: LinkStatus): void {
    this.links.set(status.name, status);
    this.invalidate("links");
  }

  /** A pair stream's state counts only while its pair is shown. */
  private linkOf(feed: PairFeed, status: LinkStatus): void {
    if (this.feed === feed) {
      this.link(status);
    }
  }

  private invalidate(...parts: Part[]): void {
    parts.forEach((part) => this.dirty.add(part));
    if (this.frame === 0) {
      this.frame = window.requestAnimationFrame(() => this.render());
    }
  }

  private render(): void {
    this.frame = 0;
    const parts = new Set(this.dirty);
    this.dirty.clear();
    const feed = this.feed;
    const own = this.merchant?.currency;

    if (parts.has("rates")) {
      this.ui.ratesTitle.textContent = own === undefined ? "Rates" : `${own} against every currency it trades with`;
      renderRates(this.ui.rates, {
        pairs: this.shownPairs(),
        tickers: this.tickers,
        own,
        selected: feed?.pair.symbol,
        onSelect: (symbol) => this.select(symbol),
      });
    }
    if (parts.has("stats") && this.merchant !== undefined) {
      this.ui.statsTitle.textContent = `${this.merchant.currency} points`;
      renderStats(this.ui.stats, this.merchant.stats);
    }
    if (parts.has("links")) {
      renderLinks(this.ui.links, this.links);
    }
    if (feed === undefined) {
      return;
    }
    if (parts.has("pair")) {
      this.renderPairHeader(feed.pair);
    }
    if (parts.has("book")) {
      renderLadder(this.ui.ladder, feed.book, feed.pair);
      renderDepth(this.ui.depth, feed.book, feed.pair);
    }
    if (parts.has("trades")) {
      feed.tape.render(this.ui.trades, feed.trades.list, feed.pair);
    }
  }

  private renderPairHeader(pair: Pair): void {
    const ticker = this.tickers.bySymbol.get(pair.symbol);
    const last = this.tickers.last.get(pair.symbol)?.price ?? 0n;
    this.ui.pairTitle.textContent = pair.symbol;
    const parts = [`${rate(last, pair.lotSize)} ${pair.quote} per ${pair.base}`];
    if (ticker !== undefined) {
      parts.push(`24h ${percent(ticker.change24h)}`);
      if (ticker.high24h > 0n) {
        parts.push(`high ${rate(ticker.high24h, pair.lotSize)}`, `low ${rate(ticker.low24h, pair.lotSize)}`);
      }
      parts.push(`volume ${points(ticker.volume24h)} lots`);
    }
    this.ui.pairTicker.textContent = parts.join(" · ");
    this.ui.pairTicker.dataset.symbol = pair.symbol;
  }

  private notice(message: string | undefined): void {
    this.note(this.ui.notice, message);
  }

  private note(element: HTMLElement, message: string | undefined): void {
    element.hidden = message === undefined;
    element.textContent = message ?? "";
  }
}
