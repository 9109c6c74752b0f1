// Times how long Debian's headless Chromium takes, from navigation start, until an element
// holding the given text is visible, for each URL; prints one line of JSON per URL:
//   {"url": …, "ms": …, "transferred": …, "scripts": …}
// Usage: node first-visible.mjs TEXT URL [URL …]   (each URL measured RUNS times, median kept)
import { chromium } from "playwright-core";

const [text, ...urls] = process.argv.slice(2);
const runs = Number(process.env.RUNS ?? 3);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

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
    await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
    await page.getByText(text, { exact: false }).first().waitFor({ state: "visible", timeout: 120_000 });
    times.push(Date.now() - started);
    await page.waitForLoadState("networkidle", { timeout: 120_000 }).catch(() => {});
    transferred = sizes.reduce((sum, entry) => sum + entry.bytes, 0);
    scripts = sizes.filter((entry) => entry.type === "script").reduce((sum, entry) => sum + entry.bytes, 0);
    await context.close();
  }
  console.log(JSON.stringify({ url, ms: median(times), transferred, scripts }));
}
await browser.close();
