// Shared by the dashboard's browser scripts, which DashboardTests runs with node. Input comes from
// environment variables only (never arguments, which any process can read): PX_URL, PX_KEY, PX_WEB_DIR
// (the web project, whose node_modules has playwright-core) and PX_CHROMIUM (default /usr/bin/chromium).
// Output: one JSON object per line on stdout, each with a "stage"; anything else goes to stderr.

import { createRequire } from "node:module";
import path from "node:path";

export function env(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === "") {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

/** Headless Debian chromium through the web project's playwright-core (which never downloads a browser). */
export async function launch() {
  const require = createRequire(path.join(env("PX_WEB_DIR"), "package.json"));
  const { chromium } = require("playwright-core");
  return chromium.launch({ executablePath: env("PX_CHROMIUM", "/usr/bin/chromium"), headless: true });
}

/** Writes one line for the test; the key, should it appear anywhere, is masked. */
export function report(stage, data) {
  const key = process.env.PX_KEY;
  let line = JSON.stringify({ stage, ...data });
  if (key) {
    line = line.split(key).join("<the key>");
  }
  process.stdout.write(`${line}\n`);
}

export async function signIn(page, key) {
  await page.fill("#key", key);
  await page.click("#signin-button");
  await page.waitForSelector('body[data-mode="merchant"]', { timeout: 20_000 }).catch(async () => {
    throw new Error(`not signed in after 20 s; the page says: ${await page.locator("#notice").innerText().catch(() => "?")}`);
  });
}

/** Each stream's light: { book: "live", trades: "connecting", ... } and the summary line. */
export function links(page) {
  return page.evaluate(() => ({
    summary: document.querySelector("#links .summary")?.textContent ?? "",
    ...Object.fromEntries([...document.querySelectorAll("#links [data-link]")].map((l) => [l.dataset.link, `${l.dataset.state}: ${l.title}`])),
  }));
}

/** Runs a script's body; a failure is reported as stage "error" and a non-zero exit. */
export async function run(body) {
  try {
    await body();
  } catch (error) {
    report("error", { message: String(error?.stack ?? error) });
    process.exitCode = 1;
  }
}
