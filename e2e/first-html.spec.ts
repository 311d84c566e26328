// Data in the first HTML: the streams list, a stream's overview and the on-call wall come with
// their data from the server and hydrate without a mismatch; the browser does not ask the API for
// what the page already holds, so they show their data even with the API blocked.
import { expect, test, type Page } from "@playwright/test";
import { MonitorPage } from "./pages/monitor-page";
import { StreamsPage } from "./pages/streams-page";

// The demo's streams; other specs may add streams of their own to the same server meanwhile, so
// the pages are checked to hold these (and to agree with themselves), not to hold only these.
const DEMO_STREAMS = ["clickstream", "orders", "payments", "sensors", "telemetry"];

async function expectDemoRows(streams: StreamsPage): Promise<number> {
  await expect.poll(() => streams.names()).toEqual(expect.arrayContaining(DEMO_STREAMS));
  return streams.rows.count();
}

/** What React says when the browser's first render differs from the server's HTML, in development or production words. */
const HYDRATION = /hydrat|did not match|server rendered|Minified React error #(418|423|425)/i;

/** Console errors and warnings and uncaught errors, of every document the page loads. */
function watchErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") seen.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => seen.push(`pageerror: ${e.message}`));
  return seen;
}

/** Blocks every API request the browser makes (the server's own reads are not HTTP) and lists what was asked. */
async function blockApi(page: Page): Promise<string[]> {
  const asked: string[] = [];
  await page.route("**/api/**", (route) => {
    asked.push(new URL(route.request().url()).pathname);
    return route.abort();
  });
  return asked;
}

/** Hydration is over once React answers an input: the filter narrows the list. */
async function expectHydratedList(page: Page, streams: StreamsPage): Promise<void> {
  const all = await streams.rows.count();
  await streams.filter.fill("payments");
  await expect(streams.rows).toHaveCount(1);
  await streams.filter.fill("");
  await expect(streams.rows).toHaveCount(all);
  await expect(page).toHaveURL(/\/t\/local\/us-east-1(\?q=)?$/);
}

test("the streams list, a stream's overview and /monitor hydrate without a warning", async ({ page }) => {
  const errors = watchErrors(page);
  const streams = new StreamsPage(page);
  await streams.goto();
  await expectDemoRows(streams);
  await expect(streams.row("orders")).toContainText("ACTIVE");
  await expectHydratedList(page, streams);

  await page.goto("/streams/orders");
  await expect(page.getByTestId("open-shard-count")).toHaveText("4");
  await expect(page.getByTestId("shard-row")).toHaveCount(4);

  const monitor = new MonitorPage(page);
  for (const query of [{}, { kiosk: "1" }] as Record<string, string>[]) {
    await monitor.goto(query);
    for (const name of DEMO_STREAMS) await expect(monitor.tile(name)).toBeVisible();
    // The age keeps counting after hydration (the clock took over from the server's render time).
    await expect(page.getByTestId("monitor-updated")).toHaveText(/^updated [1-9]\d* s ago$/, { timeout: 5_000 });
  }
  expect(errors.filter((e) => HYDRATION.test(e))).toEqual([]);
  expect(errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
});

test("with the API blocked, the streams list still shows every stream and its list was never fetched", async ({ page }) => {
  const asked = await blockApi(page);
  const streams = new StreamsPage(page);
  await streams.goto();
  const n = await expectDemoRows(streams);
  await expect(page.getByTestId("stream-count")).toHaveText(`${n} of ${n}`);
  await expectHydratedList(page, streams);
  // Summaries and health are asked as rows come on screen; the list itself came with the page.
  expect(asked.length).toBeGreaterThan(0);
  expect(asked).not.toContain("/api/t/local/us-east-1/streams");
});

test("with the API blocked, a stream's overview shows its summary, tags and shards from the page", async ({ page }) => {
  const asked = await blockApi(page);
  await page.goto("/streams/payments");
  await expect(page.getByTestId("stream-summary")).toContainText("arn:aws:kinesis:us-east-1:");
  await expect(page.getByTestId("open-shard-count")).toHaveText("2");
  // Its one shard split in two: the closed parent and its children.
  await expect(page.getByTestId("shard-row")).toHaveCount(3);
  await expect(page.getByTestId("stream-tags")).toContainText("pii");
  const base = "/api/t/local/us-east-1/streams/payments";
  expect(asked.filter((p) => [base, `${base}/details`, `${base}/shards`].includes(p))).toEqual([]);
});

test("with the API blocked, /monitor shows every tile from the page and did not ask for the wall", async ({ page }) => {
  const asked = await blockApi(page);
  const monitor = new MonitorPage(page);
  await monitor.goto({ kiosk: "1" });
  for (const name of DEMO_STREAMS) await expect(monitor.tile(name)).toBeVisible();
  await expect(page.getByTestId("monitor-stale")).toHaveCount(0);
  await expect(page.getByTestId("monitor-updated")).toHaveText(/^updated \d+ s ago$/);
  expect(asked.filter((p) => p.endsWith("/monitor"))).toEqual([]);
});
