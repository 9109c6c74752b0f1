// Times how long Debian's headless Chromium takes, from navigation start, until an element
// holding the given text is visible, for each URL; prints one line of JSON per URL:
//   {"url": …, "ms": …, "transferred": …, "scripts": …}
// Usage: node first-visible.mjs TEXT URL [URL …]   (each URL measured RUNS times, median kept;
// a page that shows nothing within TIMEOUT_MS, default 180000, is reported with "ms": null)
import { chromium } from "playwright-core";

const [text, ...urls] = process.argv.slice(2);
const runs = Number(process.env.RUNS ?? 3);
const timeout = Number(process.env.TIMEOUT_MS ?? 180_000);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

const median = (values) =>
  values.includes(null) ? null : values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

for (const url of urls) {
  const times = [];
  let transferred = 0;
  let scripts = 0;
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const sizes = [];
    page.on("requestfinished", async (request) => {
      const sizes_ = await request.sizes().catch(() => null);
      if (sizes_) sizes.push({ type: request.resourceType(), bytes: sizes_.responseBodySize + sizes_.responseHeadersSize });
    });
    const started = Date.now();
    try {
      await page.goto(url, { waitUntil: "commit", timeout });
      await page.getByText(text, { exact: false }).first().waitFor({ state: "visible", timeout });
      times.push(Date.now() - started);
    } catch {
      times.push(null);
    }
    await page.waitForLoadState("networkidle", { timeout }).catch(() => {});
    transferred = sizes.reduce((sum, entry) => sum + entry.bytes, 0);
    scripts = sizes.filter((entry) => entry.type === "script").reduce((sum, entry) => sum + entry.bytes, 0);
    await context.close();
    if (times.includes(null)) break;
  }
  console.log(JSON.stringify({ url, ms: median(times), transferred, scripts }));
}
await browser.close();
