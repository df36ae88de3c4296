// A merchant's points: supply, today's issuance against the daily limit, redemptions, holders
// (Merchant.GetCurrencyStats).

import type { CurrencyStats } from "../gen/pointsexchange/v1/merchant_pb";
import { h } from "../dom";
import { points } from "../format";

export function renderStats(box: HTMLElement, stats: CurrencyStats): void {
  const limit = stats.dailyIssuanceLimit;
  const used = limit > 0n ? Number((stats.issuedToday * 10_000n) / limit) / 100 : 0;
  const meter = h("div", { class: used >= 90 ? "meter warn" : "meter", role: "meter", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": used });
  meter.append(h("span", {}));
  meter.style.setProperty("--used", `${Math.min(used, 100)}%`);

  box.replaceChildren(
    h(
      "div",
      { class: "stats-row" },
      h(
        "dl",
        { class: "stats" },
        stat("Outstanding supply", "outstanding_supply", points(stats.outstandingSupply), "points held by everyone but the issuer"),
        stat("Holders", "holders", points(stats.holders), "accounts with a positive balance"),
        stat("Issued in all", "issued_total", points(stats.issuedTotal)),
        stat("Redeemed in all", "redeemed_total", points(stats.redeemedTotal)),
      ),
      h(
        "div",
        { class: "issuance" },
        h(
          "div",
          { class: "issuance-text" },
          h("span", {}, "Issued today (UTC) "),
          h("strong", { "data-stat": "issued_today" }, points(stats.issuedToday)),
          limit > 0n ? h("span", { class: "muted" }, ` of ${points(limit)} daily limit · ${used}%`) : h("span", { class: "muted" }, " · no daily limit"),
        ),
        limit > 0n && meter,
      ),
    ),
  );
}

function stat(label: string, name: string, value: string, hint?: string): HTMLDivElement {
  return h("div", {}, h("dt", { title: hint }, label), h("dd", { "data-stat": name }, value));
}
