// What the page knows of the market, as plain state that the streams and the unary calls feed and the
// views read. Merging rules, because a stream and a unary answer may arrive in either order:
// - tickers and last prices: the highest market data `seq` wins;
// - the book: a stream snapshot replaces everything, then deltas must follow seq + 1 each; a unary
//   book only fills in until the stream's first snapshot;
// - trades: one row per trade_id, newest first;
// - candles: one per open time; a streamed candle is never overwritten by a unary one.

import type { Candle, Level, OrderBook, Pair, Ticker, Trade } from "./gen/pointsexchange/v1/common_pb";
import type { OrderBookUpdate } from "./gen/pointsexchange/v1/market_data_pb";
import { seconds } from "./format";
import { Resubscribe } from "./live";

export interface LastPrice {
  readonly price: bigint;
  readonly seq: bigint;
}

/** Every pair's ticker and last traded price. */
export class Tickers {
  readonly bySymbol = new Map<string, Ticker>();
  readonly last = new Map<string, LastPrice>();

  applyTicker(ticker: Ticker): void {
    const known = this.bySymbol.get(ticker.symbol);
    if (known === undefined || ticker.seq >= known.seq) {
      this.bySymbol.set(ticker.symbol, ticker);
    }
    if (ticker.lastPrice > 0n) {
      this.applyLast(ticker.symbol, ticker.lastPrice, ticker.seq);
    }
  }

  applyTrade(trade: Trade): void {
    this.applyLast(trade.symbol, trade.price, trade.seq);
  }

  private applyLast(symbol: string, price: bigint, seq: bigint): void {
    const known = this.last.get(symbol);
    if (known === undefined || seq >= known.seq) {
      this.last.set(symbol, { price, seq });
    }
  }
}

/** One pair's order book, level by level (price -> level). */
export class Book {
  private seq = -1n;
  /** True once the stream's snapshot arrived: from then on the stream alone moves the book. */
  private streamed = false;
  private readonly bids = new Map<bigint, Level>();
  private readonly asks = new Map<bigint, Level>();

  applyUnary(book: OrderBook): void {
    if (!this.streamed) {
      this.replace(book);
    }
  }

  /** Applies a stream message; throws Resubscribe on a gap, so that a new snapshot is asked for. */
  apply(message: OrderBookUpdate): void {
    const update = message.update;
    if (update.case === "snapshot") {
      this.replace(update.value);
      this.seq = message.seq;
      this.streamed = true;
      return;
    }
    if (update.case !== "delta") {
      return;
    }
    if (!this.streamed) {
      throw new Resubscribe("order book: a delta came before the snapshot");
    }
    if (message.seq !== this.seq + 1n) {
      throw new Resubscribe(`order book: seq ${message.seq} after ${this.seq}; asking for a new snapshot`);
    }
    this.seq = message.seq;
    setLevels(this.bids, update.value.bids);
    setLevels(this.asks, update.value.asks);
  }

  /** The best `depth` levels of a side: bids highest first, asks lowest first. */
  side(which: "bids" | "asks", depth: number): Level[] {
    const levels = [...(which === "bids" ? this.bids : this.asks).values()];
    const direction = which === "asks" ? 1 : -1;
    levels.sort((a, b) => direction * compare(a.price, b.price));
    return levels.slice(0, depth);
  }

  /** After a stream was lost: the next snapshot starts over. */
  forgetStream(): void {
    this.streamed = false;
  }

  private replace(book: OrderBook): void {
    this.bids.clear();
    this.asks.clear();
    setLevels(this.bids, book.bids);
    setLevels(this.asks, book.asks);
    this.seq = book.seq;
  }
}

function setLevels(side: Map<bigint, Level>, levels: Level[]): void {
  for (const level of levels) {
    if (level.quantity > 0n) {
      side.set(level.price, level);
    } else {
      side.delete(level.price);
    }
  }
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A pair's recent trades, newest first. */
export class Trades {
  static readonly Kept = 50;
  list: Trade[] = [];

  add(trades: Iterable<Trade>): void {
    const byId = new Map(this.list.map((t) => [t.tradeId, t]));
    for (const trade of trades) {
      byId.set(trade.tradeId, trade);
    }
    this.list = [...byId.values()].sort((a, b) => compare(b.tradeId, a.tradeId)).slice(0, Trades.Kept);
  }
}

/** A pair's candles of one interval, by open time (seconds). */
export class Candles {
  readonly byTime = new Map<number, Candle>();
  private readonly streamed = new Set<number>();

  applyUnary(candles: Iterable<Candle>): void {
    for (const candle of candles) {
      const time = seconds(candle.openTime);
      if (!this.streamed.has(time)) {
        this.byTime.set(time, candle);
      }
    }
  }

  apply(candle: Candle): number {
    const time = seconds(candle.openTime);
    this.byTime.set(time, candle);
    this.streamed.add(time);
    return time;
  }

  sorted(): Array<[number, Candle]> {
    return [...this.byTime.entries()].sort((a, b) => a[0] - b[0]);
  }
}

/** Every currency code that appears in a pair, in alphabetical order. */
export function currencies(pairs: Iterable<Pair>): string[] {
  const codes = new Set<string>();
  for (const pair of pairs) {
    codes.add(pair.base);
    codes.add(pair.quote);
  }
  return [...codes].sort();
}
