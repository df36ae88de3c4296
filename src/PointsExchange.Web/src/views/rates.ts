// The rates table: one row per pair (a merchant sees the pairs of its own points, with what one of
// its points buys in the other currency). Rates are exact ratios of integers: price / lot_size.

import type { Pair } from "../gen/pointsexchange/v1/common_pb";
import { h } from "../dom";
import { percent, points, rate, ratio } from "../format";
import type { Tickers } from "../market";

export interface RatesModel {
  readonly pairs: readonly Pair[];
  readonly tickers: Tickers;
  /** The merchant's currency, or undefined in the public view. */
  readonly own: string | undefined;
  readonly selected: string | undefined;
  readonly onSelect: (symbol: string) => void;
}

/** The last price drawn per symbol, and its last move, shown for a moment after it happens. */
const drawn = new Map<string, { price: bigint; move: string; at: number }>();
const moveShownMs = 2_000;

export function renderRates(table: HTMLTableElement, model: RatesModel): void {
  const { own } = model;
  const head = h(
    "tr",
    {},
    h("th", {}, "Pair"),
    h("th", { class: "num" }, "Rate"),
    own !== undefined && h("th", { class: "num" }, `1 ${own} buys`),
    h("th", { class: "num" }, "Last price / lot"),
    h("th", { class: "num" }, "Bid"),
    h("th", { class: "num" }, "Ask"),
    h("th", { class: "num" }, "24h"),
    h("th", { class: "num" }, "Volume 24h"),
  );
  const rows = model.pairs.map((pair) => row(pair, model));
  if (rows.length === 0) {
    rows.push(h("tr", {}, h("td", { colspan: 8, class: "empty" }, "No pairs yet.")));
  }
  table.replaceChildren(h("thead", {}, head), h("tbody", {}, ...rows));
}

function row(pair: Pair, model: RatesModel): HTMLTableRowElement {
  const ticker = model.tickers.bySymbol.get(pair.symbol);
  const last = model.tickers.last.get(pair.symbol)?.price ?? 0n;
  const move = moved(pair.symbol, last);
  const other = pair.base === model.own ? pair.quote : pair.base;
  // What one of the merchant's points buys at `prices / count` QUOTE per lot (count 2: the mid of two prices).
  const buys = (prices: bigint, count: bigint) =>
    `${pair.base === model.own ? ratio(prices, count * pair.lotSize) : ratio(count * pair.lotSize, prices)} ${other}`;
  // Before the first trade, the middle of the best bid and ask says what the points are worth.
  const quoted = ticker !== undefined && ticker.bestBid > 0n && ticker.bestAsk > 0n;

  const tr = h(
    "tr",
    { "data-symbol": pair.symbol, class: pair.symbol === model.selected ? "selected" : undefined, title: `Show ${pair.symbol}` },
    h("td", {}, h("span", { class: "symbol" }, pair.symbol), pair.status === 2 ? h("span", { class: "halted" }, "halted") : null),
    h("td", { class: `num rate ${move}`, "data-rate": pair.symbol, title: `${pair.quote} points per ${pair.base} point` }, rate(last, pair.lotSize)),
    model.own !== undefined &&
      h(
        "td",
        { class: "num", "data-buys": pair.symbol },
        last > 0n
          ? buys(last, 1n)
          : quoted
            ? h("span", { class: "muted", title: "no trade yet: the middle of the best bid and ask" }, `≈ ${buys(ticker.bestBid + ticker.bestAsk, 2n)}`)
            : "–",
      ),
    h("td", { class: "num" }, last > 0n ? `${points(last)} ${pair.quote}` : "–", h("span", { class: "muted" }, ` / ${points(pair.lotSize)} ${pair.base}`)),
    h("td", { class: "num bid" }, ticker && ticker.bestBid > 0n ? points(ticker.bestBid) : "–"),
    h("td", { class: "num ask" }, ticker && ticker.bestAsk > 0n ? points(ticker.bestAsk) : "–"),
    h("td", { class: `num ${changeClass(ticker?.change24h)}` }, ticker ? percent(ticker.change24h) : "–"),
    h("td", { class: "num" }, ticker ? `${points(ticker.volume24h)} lots` : "–"),
  );
  tr.addEventListener("click", () => model.onSelect(pair.symbol));
  return tr;
}

function moved(symbol: string, price: bigint): string {
  const before = drawn.get(symbol);
  const now = Date.now();
  if (before !== undefined && before.price !== price && before.price > 0n) {
    drawn.set(symbol, { price, move: price > before.price ? "up" : "down", at: now });
  } else if (before === undefined || before.price !== price) {
    drawn.set(symbol, { price, move: "", at: now });
  }
  const last = drawn.get(symbol);
  return last !== undefined && now - last.at < moveShownMs ? last.move : "";
}

function changeClass(change: string | undefined): string {
  const value = Number(change ?? "0");
  return value > 0 ? "up" : value < 0 ? "down" : "";
}
