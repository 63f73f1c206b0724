// Measures what Chromium really fetches on a first load (empty cache) of the start page and of the
// wizard's first step, with JavaScript on and with it off: every request the page makes, with the
// bytes of its body as sent (brotli: Chromium asks for it, and the server sends the bundle
// precompressed and compresses pages) and as decoded. Prints a table and fails if a page's first load with JavaScript on is over the budget.
// Usage: node scripts/page-weight.mjs <base-url> <budget-bytes> <aim-bytes>
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { chromium } = createRequire(join(root, "end2end/package.json"))("@playwright/test");
const [base, budget, aim] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];

/** Each page is loaded in a fresh browser context: an empty cache, as on a first visit. */
const pages = [
  { name: "start page", path: "/" },
  { name: "wizard, first step", path: "/report/suitability" },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

async function measure({ path }, javaScriptEnabled) {
  // Chromium's own request headers: it asks for brotli (br) here as on the public site.
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const requested = [];
  const fetched = [];
  page.on("request", (request) => requested.push(request));
  page.on("requestfailed", (request) => {
    console.error(`${request.url()} failed: ${request.failure()?.errorText}`);
    process.exitCode = 1;
  });
  page.on("requestfinished", async (request) => {
    fetched.push(
      (async () => {
        const response = await request.response();
        const sizes = await request.sizes();
        const body = await response.body().catch(() => Buffer.alloc(0));
        return {
          order: requested.indexOf(request),
          path: new URL(request.url()).pathname,
          encoding: (await response.headerValue("content-encoding")) ?? "none",
          sent: sizes.responseBodySize,
          headers: sizes.responseHeadersSize,
          decoded: body.length,
        };
      })(),
    );
  });
  await page.goto(`${base}${path}`);
  await page.waitForLoadState("networkidle");
  if (javaScriptEnabled && (await page.locator("leptos-island").count()) > 0) {
    // Islands hydrate once the browser is idle: wait until they have, so the wasm is counted.
    await page.locator(".exit-this-page[data-hydrated=true]").first().waitFor();
    await page.waitForLoadState("networkidle");
  }
  const resources = (await Promise.all(fetched)).sort((a, b) => a.order - b.order);
  await context.close();
  return resources;
}

const pad = (s, n) => String(s).padEnd(n);
const num = (n, w = 9) => String(n).padStart(w);
let failed = false;
const summary = [];
console.log(`${pad("page / mode / resource", 44)}${pad("encoding", 9)}${num("sent")}${num("decoded")}`);
for (const target of pages) {
  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? "JavaScript on" : "JavaScript off";
    const resources = await measure(target, javaScriptEnabled);
    let sent = 0;
    let decoded = 0;
    console.log(`${target.name} ${target.path}, ${mode}`);
    for (const r of resources) {
      console.log(`  ${pad(r.path, 42)}${pad(r.encoding, 9)}${num(r.sent)}${num(r.decoded)}`);
      sent += r.sent;
      decoded += r.decoded;
    }
    const headers = resources.reduce((n, r) => n + r.headers, 0);
    console.log(`  ${pad(`total (${resources.length} requests; headers ${headers} more)`, 51)}${num(sent)}${num(decoded)}`);
    summary.push({ target, mode, sent, javaScriptEnabled, resources });
    if (sent > budget) failed = true;
  }
}
console.log("");
for (const { target, mode, sent, javaScriptEnabled } of summary) {
  const share = `${Math.round((sent * 100) / budget)}% of the ${budget}-byte budget`;
  const note = javaScriptEnabled ? `${sent <= aim ? "within" : "over"} the ${aim}-byte aim` : "no script, no wasm";
  console.log(`${pad(`${target.name}, ${mode}:`, 36)}${num(sent, 7)} bytes (${share}; ${note})`);
}
for (const { target, mode, resources, javaScriptEnabled } of summary) {
  const bundle = resources.filter((r) => /^\/pkg\/.*\.(js|wasm)$/.test(r.path));
  if (!javaScriptEnabled && bundle.length > 0) {
    console.error(`${target.name}, ${mode}: fetched ${bundle.map((r) => r.path).join(", ")} it cannot run`);
    failed = true;
  }
}
await browser.close();
if (failed) {
  console.error("OVER BUDGET");
  process.exit(1);
}
