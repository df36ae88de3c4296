// Opens px-load's report.html from disk (file://) in headless chromium and reports what it drew: LoadRunTests
// runs it with node. Input from environment variables: PX_REPORT (the report's path), PX_WEB_DIR and
// PX_CHROMIUM (see dashboard.mjs), PX_SCREENSHOT (optional PNG path).
//
// stdout: {"stage":"result", charts: [{name, paths, points, width, height, drawn}], problems: [...],
//          requests: [...non-file URLs the page asked for...], checks: {name: status}, title}
//         {"stage":"error", message}  anything that went wrong

import path from "node:path";
import { pathToFileURL } from "node:url";
import { env, launch, report, run } from "./dashboard.mjs";

// Runs in the page: every chart's lines, and how much of its box they cover.
function readCharts() {
  return [...document.querySelectorAll("svg[data-chart]")].map((svg) => {
    const paths = [...svg.querySelectorAll("path[data-series]")];
    const box = svg.getBoundingClientRect();
    const drawn = paths.map((p) => {
      const b = p.getBBox();
      return { series: p.dataset.series, length: p.getTotalLength(), width: b.width, height: b.height };
    });
    return {
      name: svg.dataset.chart,
      paths: paths.length,
      points: paths.reduce((n, p) => n + (p.getAttribute("d").match(/[ML]/g) ?? []).length, 0),
      width: box.width,
      height: box.height,
      drawn,
    };
  });
}

await run(async () => {
  const file = path.resolve(env("PX_REPORT"));
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems = [];
    const requests = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
    page.on("request", (request) => {
      if (!request.url().startsWith("file:") && !request.url().startsWith("data:")) {
        requests.push(request.url());
      }
    });

    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    const charts = await page.evaluate(readCharts);
    const checks = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll("tr[data-check]")].map((row) => [row.dataset.check, row.children[1].textContent])),
    );
    const title = await page.title();
    const screenshot = process.env.PX_SCREENSHOT;
    if (screenshot) {
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    report("result", { charts, problems, requests, checks, title });
  } finally {
    await browser.close();
  }
});
