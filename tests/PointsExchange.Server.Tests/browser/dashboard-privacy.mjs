// Where does a merchant's key go? It signs in, the page runs with its streams, is reloaded (it stays
// signed in for the tab) and signs out. Everywhere the key could leak is looked at: every URL the page
// went to or asked for, localStorage, cookies, the console, the page's HTML and form fields.
//
// stdout: {"stage":"result", "found": [places where the key was seen], ...} or {"stage":"error", ...}

import { env, launch, report, run, signIn } from "./dashboard.mjs";

await run(async () => {
  const key = env("PX_KEY");
  const url = env("PX_URL");
  const origin = new URL(url).origin;
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const found = [];
    const requests = [];
    const authorized = new Set();
    const foreign = new Set();
    const logged = [];

    page.on("request", (request) => {
      requests.push(request.url());
      if (request.url().includes(key)) {
        found.push(`a request URL: ${request.method()} ${request.url()}`);
      }
      if (new URL(request.url()).origin !== origin && !request.url().startsWith("data:")) {
        foreign.add(request.url());
      }
      if (request.headers().authorization !== undefined) {
        authorized.add(new URL(request.url()).pathname);
      }
    });
    page.on("framenavigated", (frame) => frame.url().includes(key) && found.push(`the address bar: ${frame.url()}`));
    page.on("console", (message) => {
      logged.push(message.text());
      if (message.text().includes(key)) {
        found.push(`the console: ${message.text()}`);
      }
    });

    const look = async (when) => {
      if (page.url().includes(key)) {
        found.push(`the page URL ${when}`);
      }
      const inPage = await page.evaluate((key) => {
        const places = [];
        for (let i = 0; i < localStorage.length; i++) {
          const name = localStorage.key(i);
          if (`${name}=${localStorage.getItem(name)}`.includes(key)) {
            places.push(`localStorage["${name}"]`);
          }
        }
        if (document.cookie.includes(key)) {
          places.push("document.cookie");
        }
        if (document.documentElement.outerHTML.includes(key)) {
          places.push("the page's HTML");
        }
        for (const input of document.querySelectorAll("input")) {
          if (input.value.includes(key)) {
            places.push(`the value of input #${input.id}`);
          }
        }
        if (location.href.includes(key) || document.referrer.includes(key)) {
          places.push("location or referrer");
        }
        return places;
      }, key);
      found.push(...inPage.map((place) => `${place} ${when}`));
      for (const cookie of await context.cookies()) {
        if (cookie.value.includes(key) || cookie.name.includes(key)) {
          found.push(`cookie ${cookie.name} ${when}`);
        }
      }
    };

    await page.goto(url);
    await signIn(page, key);
    await page.waitForTimeout(2_000);
    await look("after signing in");

    await page.reload();
    const keptForTheTab = await page
      .waitForSelector('body[data-mode="merchant"]', { timeout: 20_000 })
      .then(() => true)
      .catch(() => false);
    await page.waitForTimeout(1_000);
    await look("after a reload");

    await page.click("#signout");
    await page.waitForSelector('body[data-mode="public"]', { timeout: 10_000 });
    const forgottenAtSignOut = await page.evaluate((key) => !Object.values(sessionStorage).some((v) => v.includes(key)), key);
    await look("after signing out");

    report("result", {
      found,
      keptForTheTab,
      forgottenAtSignOut,
      authorizedPaths: [...authorized].sort(),
      foreignRequests: [...foreign],
      requestCount: requests.length,
      pageUrl: page.url(),
      consoleLines: logged.length,
    });
  } finally {
    await browser.close();
  }
});
