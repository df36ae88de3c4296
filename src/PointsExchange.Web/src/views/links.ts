// The state of each live stream, as small lights in the top bar: green live, amber connecting,
// red retrying (with the reason and a countdown). The page is "live" only when every light is green.

import { h } from "../dom";
import type { LinkStatus } from "../live";

export function renderLinks(box: HTMLElement, links: ReadonlyMap<string, LinkStatus>): void {
  const now = Date.now();
  const all = [...links.values()];
  const lights = all.map((link) => {
    const wait = Math.max(0, Math.ceil((link.retryAt - now) / 1000));
    const title =
      link.state === "live"
        ? `${link.name}: live`
        : link.state === "connecting"
          ? `${link.name}: connecting`
          : `${link.name}: ${link.detail}; retrying in ${wait} s`;
    return h("span", { class: `link ${link.state}`, "data-link": link.name, "data-state": link.state, title }, link.name);
  });

  const failing = all.filter((link) => link.state === "retrying");
  const summary =
    all.length === 0
      ? "offline"
      : failing.length > 0
        ? `${failing[0]!.name}: ${failing[0]!.detail} · retrying in ${Math.max(0, Math.ceil((failing[0]!.retryAt - now) / 1000))} s`
        : all.every((link) => link.state === "live")
          ? "live"
          : "connecting…";
  box.dataset.state = failing.length > 0 ? "retrying" : all.length > 0 && all.every((l) => l.state === "live") ? "live" : "connecting";
  box.replaceChildren(h("span", { class: "summary", "data-summary": "" }, summary), ...lights);
}
