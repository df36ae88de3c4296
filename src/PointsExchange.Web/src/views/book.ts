// The order book of the selected pair: the ladder (asks above, bids below, each level's bar sized by
// the lots resting up to it) and the depth chart (cumulative lots either side of the spread).

import type { Level, Pair } from "../gen/pointsexchange/v1/common_pb";
import { h } from "../dom";
import { points, rate } from "../format";
import type { Book } from "../market";

const ladderDepth = 10;
const svgNs = "http://www.w3.org/2000/svg";

export function renderLadder(table: HTMLTableElement, book: Book, pair: Pair): void {
  const asks = book.side("asks", ladderDepth);
  const bids = book.side("bids", ladderDepth);
  const deepest = Math.max(1, Number(total(asks)), Number(total(bids)));
  const bestBid = bids[0]?.price;
  const bestAsk = asks[0]?.price;
  const spread =
    bestBid !== undefined && bestAsk !== undefined
      ? `spread ${points(bestAsk - bestBid)} ${pair.quote} · mid rate ${rate(bestAsk + bestBid, 2n * pair.lotSize)}`
      : "one side is empty";

  table.replaceChildren(
    h("thead", {}, h("tr", {}, h("th", { class: "num" }, `Price (${pair.quote})`), h("th", { class: "num" }, "Rate"), h("th", { class: "num" }, "Lots"), h("th", { class: "num" }, "Orders"))),
    h(
      "tbody",
      {},
      ...levelRows("ask", asks, pair, deepest).reverse(),
      h("tr", { class: "spread" }, h("td", { colspan: 4 }, spread)),
      ...levelRows("bid", bids, pair, deepest),
    ),
  );
}

function levelRows(side: "ask" | "bid", levels: Level[], pair: Pair, deepest: number): HTMLTableRowElement[] {
  let cumulative = 0n;
  return levels.map((level) => {
    cumulative += level.quantity;
    const row = h(
      "tr",
      { class: side, "data-side": side, "data-price": level.price.toString() },
      h("td", { class: "num price" }, points(level.price)),
      h("td", { class: "num" }, rate(level.price, pair.lotSize)),
      h("td", { class: "num", "data-qty": level.quantity.toString() }, points(level.quantity)),
      h("td", { class: "num muted" }, String(level.orderCount)),
    );
    row.style.setProperty("--fill", `${((Number(cumulative) / deepest) * 100).toFixed(1)}%`);
    return row;
  });
}

function total(levels: Level[]): bigint {
  return levels.reduce((sum, level) => sum + level.quantity, 0n);
}

/** Cumulative depth as two step areas: bids to the left of the spread, asks to the right. */
export function renderDepth(svg: SVGSVGElement, book: Book, pair: Pair): void {
  const width = 320;
  const height = 120;
  const bids = book.side("bids", 50);
  const asks = book.side("asks", 50);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.replaceChildren();
  if (bids.length === 0 && asks.length === 0) {
    svg.append(text(width / 2, height / 2, "no orders", "middle"));
    return;
  }

  // A margin either side (10% of the range, at least a tick) so that a single level still shows as an area.
  const lowest = Number((bids.at(-1) ?? asks[0])!.price);
  const highest = Number((asks.at(-1) ?? bids[0])!.price);
  const margin = Math.max(Number(pair.tickSize), (highest - lowest) * 0.1);
  const low = Math.max(0, lowest - margin);
  const high = highest + margin;
  const deepest = Math.max(1, Number(total(bids)), Number(total(asks)));
  const top = 14;
  const floor = height - 16;
  const x = (price: number) => ((price - low) / (high - low)) * width;
  const y = (lots: bigint) => floor - (Number(lots) / deepest) * (floor - top);

  svg.append(area("bid", bids, x, y, floor, x(low)), area("ask", asks, x, y, floor, x(high)));
  svg.append(
    text(x(lowest), height - 3, points(BigInt(lowest)), "middle"),
    text(x(highest), height - 3, points(BigInt(highest)), "middle"),
    text(width / 2, height - 3, `${pair.quote} per lot of ${points(pair.lotSize)} ${pair.base}`, "middle"),
    text(2, top - 3, `${points(BigInt(deepest))} lots`, "start"),
  );
}

/** A side's cumulative lots as a step area, from its best price out to the chart's edge. */
function area(side: "bid" | "ask", levels: Level[], x: (price: number) => number, y: (lots: bigint) => number, floor: number, edge: number): SVGPathElement {
  const path = document.createElementNS(svgNs, "path");
  path.setAttribute("class", `depth-${side}`);
  if (levels.length === 0) {
    return path;
  }
  let cumulative = 0n;
  let d = `M${x(Number(levels[0]!.price))},${floor}`;
  for (const level of levels) {
    d += ` L${x(Number(level.price))},${y(cumulative)}`;
    cumulative += level.quantity;
    d += ` L${x(Number(level.price))},${y(cumulative)}`;
  }
  d += ` L${edge},${y(cumulative)} L${edge},${floor} Z`;
  path.setAttribute("d", d);
  return path;
}

function text(x: number, y: number, content: string, anchor: "start" | "middle" | "end"): SVGTextElement {
  const element = document.createElementNS(svgNs, "text");
  element.setAttribute("x", String(x));
  element.setAttribute("y", String(y));
  element.setAttribute("text-anchor", anchor);
  element.textContent = content;
  return element;
}
