// The selected pair's recent trades, newest first; a trade that arrived since the last drawing flashes.

import { Side, type Pair, type Trade } from "../gen/pointsexchange/v1/common_pb";
import { h } from "../dom";
import { clock, points, rate } from "../format";

/** One pair's tape: it remembers which trades it has drawn. */
export class TradeTape {
  private readonly drawn = new Set<bigint>();
  private primed = false;

  render(table: HTMLTableElement, trades: readonly Trade[], pair: Pair): void {
    renderTrades(table, trades, pair, (id) => this.primed && !this.drawn.has(id));
    trades.forEach((trade) => this.drawn.add(trade.tradeId));
    this.primed = true;
  }
}

function renderTrades(table: HTMLTableElement, trades: readonly Trade[], pair: Pair, isNew: (id: bigint) => boolean): void {
  const rows = trades.map((trade) => {
    const side = trade.takerSide === Side.BUY ? "buy" : trade.takerSide === Side.SELL ? "sell" : "";
    const fresh = isNew(trade.tradeId);
    return h(
      "tr",
      { class: `${side}${fresh ? " fresh" : ""}`, "data-trade-id": trade.tradeId.toString(), "data-price": trade.price.toString(), "data-qty": trade.quantity.toString() },
      h("td", { class: "muted" }, clock(trade.time)),
      h("td", { class: "num price" }, points(trade.price)),
      h("td", { class: "num" }, trade.rate !== "" ? trade.rate : rate(trade.price, pair.lotSize)),
      h("td", { class: "num" }, points(trade.quantity)),
      h("td", { class: "side" }, side),
    );
  });
  if (rows.length === 0) {
    rows.push(h("tr", {}, h("td", { colspan: 5, class: "empty" }, "No trades yet.")));
  }
  table.replaceChildren(
    h("thead", {}, h("tr", {}, h("th", {}, "Time"), h("th", { class: "num" }, `Price (${pair.quote})`), h("th", { class: "num" }, "Rate"), h("th", { class: "num" }, "Lots"), h("th", {}, "Taker"))),
    h("tbody", {}, ...rows),
  );
}
