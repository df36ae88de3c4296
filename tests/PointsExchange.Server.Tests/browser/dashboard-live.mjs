// A merchant signs in to the dashboard; the page must then show, without being reloaded, the next
// trade of PX_SYMBOL and the new rate (and the order book's change) that the test causes through gRPC.
//
// stdout: {"stage":"ready", ...}  once the page shows the initial state and its four streams are live
//                                 (or 20 s passed: "streamsLive" says which); the test then trades
//         {"stage":"result", ...} what the page showed after the trade (or when PX_WAIT_MS ran out)
//         {"stage":"error", ...}  anything else that went wrong
// Extra input: PX_SYMBOL, PX_WAIT_MS (default 10000), PX_SCREENSHOT (a PNG path).

import { env, launch, links, report, run, signIn } from "./dashboard.mjs";

const symbol = env("PX_SYMBOL");
const waitMs = Number(env("PX_WAIT_MS", "10000"));
const streamsMs = 20_000;

// Runs in the page: what a person would read off it.
function readPage(symbol) {
  const rows = (selector) =>
    [...document.querySelectorAll(selector)].map((row) => ({ price: row.dataset.price, qty: row.querySelector("[data-qty]")?.dataset.qty ?? row.dataset.qty }));
  return {
    tradeIds: [...document.querySelectorAll("#trades tr[data-trade-id]")].map((row) => row.dataset.tradeId),
    trades: [...document.querySelectorAll("#trades tr[data-trade-id]")].map((row) => ({ id: row.dataset.tradeId, price: row.dataset.price, qty: row.dataset.qty })),
    rate: document.querySelector(`[data-rate="${symbol}"]`)?.textContent ?? null,
    asks: rows("#ladder tr[data-side=ask]"),
    bids: rows("#ladder tr[data-side=bid]"),
    stats: Object.fromEntries([...document.querySelectorAll("[data-stat]")].map((e) => [e.dataset.stat, e.textContent])),
    pair: document.querySelector("#pair-title")?.textContent ?? null,
    notice: document.querySelector("#notice")?.hidden ? "" : (document.querySelector("#notice")?.textContent ?? ""),
  };
}

await run(async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));

    await page.goto(env("PX_URL"));
    await signIn(page, env("PX_KEY"));

    // The initial state, from the unary calls: the pair, a trade, the rate, the ladder and the stats.
    await page.waitForFunction(
      (symbol) =>
        document.querySelector("#pair-title")?.textContent === symbol &&
        document.querySelector("#trades tr[data-trade-id]") !== null &&
        document.querySelector("#ladder tr[data-side]") !== null &&
        document.querySelector('[data-stat="issued_total"]') !== null &&
        (document.querySelector(`[data-rate="${symbol}"]`)?.textContent ?? "–") !== "–",
      symbol,
      { timeout: 20_000 },
    );

    // Every stream's light turns green when the server's response headers arrive, which it sends once
    // the subscription is in place: from then on no trade can fall between the page's fetch and its stream.
    const streamsLive = await page
      .waitForFunction(() => document.querySelector("#links")?.dataset.state === "live", undefined, { timeout: streamsMs })
      .then(() => true)
      .catch(() => false);
    const before = await page.evaluate(readPage, symbol);
    report("ready", { ...before, streamsLive, links: await links(page) });

    const started = Date.now();
    const saw = await page
      .waitForFunction(
        ({ symbol, known, rate }) => {
          const ids = [...document.querySelectorAll("#trades tr[data-trade-id]")].map((row) => row.dataset.tradeId);
          const now = document.querySelector(`[data-rate="${symbol}"]`)?.textContent ?? null;
          return ids.some((id) => !known.includes(id)) && now !== rate;
        },
        { symbol, known: before.tradeIds, rate: before.rate },
        { timeout: waitMs, polling: 50 },
      )
      .then(() => true)
      .catch(() => false);
    const elapsedMs = Date.now() - started;

    // The order book's delta may land a moment after the trade.
    if (saw) {
      const ladder = JSON.stringify(before.asks) + JSON.stringify(before.bids);
      await page
        .waitForFunction((ladder) => {
          const rows = (selector) =>
            [...document.querySelectorAll(selector)].map((row) => ({ price: row.dataset.price, qty: row.querySelector("[data-qty]")?.dataset.qty }));
          return JSON.stringify(rows("#ladder tr[data-side=ask]")) + JSON.stringify(rows("#ladder tr[data-side=bid]")) !== ladder;
        }, ladder, { timeout: 3_000, polling: 50 })
        .catch(() => {});
    }

    const after = await page.evaluate(readPage, symbol);
    const screenshot = process.env.PX_SCREENSHOT;
    if (screenshot) {
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    const newTrades = after.trades.filter((trade) => !before.tradeIds.includes(trade.id));
    report("result", { sawUpdate: saw, elapsedMs, newTrades, rate: after.rate, asks: after.asks, bids: after.bids, stats: after.stats, notice: after.notice, links: await links(page), problems, screenshot });
  } finally {
    await browser.close();
  }
});
