// A period still filling is never shown as "latest": the spec plays AWS's part with a steady
// series near 1,550 B/s and a current minute that has only received part of its data (981 B/s),
// as CloudWatch answers while a minute runs. Also: the monitor states its windows once, and a
// click on an empty part of a chart says there is no data instead of opening the records.
import { expect, test } from "@playwright/test";
import { Aws, minuteAgo, uniqueName } from "./fixtures/cloudwatch";
import { MetricsPage, slotOf } from "./pages/metrics-page";
import { MonitorPage } from "./pages/monitor-page";

let aws: Aws;
const stream = uniqueName("latest");
/** 1,550 B/s over a minute; the running minute has 981 B/s so far. */
const STEADY = 1_550 * 60;
const PARTIAL = 981 * 60;

test.beforeAll(async () => {
  aws = new Aws();
  await aws.createStream(stream, 1);
  // Minutes 1 … 15 ago steady (the one that just ended is steady too, so the minute boundary
  // cannot change the answer); the running minute partial.
  await aws.metrics([
    ...Array.from({ length: 15 }, (_, i) => ({ stream, metric: "IncomingBytes", timestamp: minuteAgo(i + 1), value: STEADY })),
    { stream, metric: "IncomingBytes", timestamp: minuteAgo(0), value: PARTIAL },
  ]);
});
test.afterAll(async () => {
  await aws?.close();
});

test("the monitor tile's latest is the last complete minute, and the partial one is drawn as partial", async ({ page }) => {
  const monitor = new MonitorPage(page);
  await monitor.goto({ streams: stream });
  const tile = monitor.tile(stream);
  await expect(tile.getByTestId("tile-incoming")).toHaveText("1.51 KiB/s");
  await expect(tile.getByTestId("tile-incoming-label")).toHaveText("in, last full 1 min");
  const sparkline = tile.getByTestId("sparkline");
  await expect(sparkline).toHaveAttribute("data-points", "16");
  await expect(sparkline).toHaveAttribute("data-partial-points", /^[12]$/);
  await expect(sparkline.getByTestId("sparkline-partial")).toHaveCount(1);
  await expect(sparkline).toHaveAttribute("aria-label", /partial, drawn dashed/);
});

test("the monitor states its windows once: the sparkline range in the header, no other window on the tiles", async ({ page }) => {
  const monitor = new MonitorPage(page);
  await monitor.goto({ streams: stream });
  await expect(monitor.tiles).toHaveCount(1);
  const windows = page.getByTestId("monitor-window");
  await expect(windows).toHaveText(
    "Sparklines: the last 1 hour in 1 min periods (dashed: periods still filling). “in”: the last complete 1 min period. Iterator age and throttling: the last 15 min.",
  );
  await expect(page.getByLabel("Sparkline range")).toHaveValue("1h");
  await expect(page.getByLabel("Window", { exact: true })).toHaveCount(0);
  // The health window appears once on the page, in the header.
  const body = await page.locator("body").innerText();
  expect(body.match(/last 15 min/g)).toHaveLength(1);
  await expect(monitor.tile(stream)).not.toContainText("over the last");

  await page.getByLabel("Sparkline range").selectOption("15m");
  await expect(windows).toContainText("Sparklines: the last 15 min in 1 min periods");
});

test("the metrics tab marks the partial minute and a click where there is no data opens nothing", async ({ page }) => {
  const metrics = new MetricsPage(page);
  // An hour, so that 40 minutes ago is in view (a stream this young opens on 15 minutes).
  await metrics.goto(stream, { range: "1h" });
  const bytes = metrics.chart("bytes");
  await expect(bytes).toHaveAttribute("data-state", "ready");
  await expect(bytes.getByTestId("chart-partial-note")).toContainText("still filling");
  await expect(bytes.getByTestId("chart-plot")).toHaveAttribute("data-partial-from", /T/);

  // The data table marks the partial minute as partial, and the steady ones as complete.
  await bytes.getByTestId("chart-data-toggle").click();
  const partialRow = bytes.locator('[data-testid="chart-data"] tr', { has: page.locator('[data-key="IncomingBytes"][data-value="981"]') });
  await expect(partialRow).toHaveAttribute("data-partial", "true");
  await expect(partialRow).toContainText("(partial)");
  await expect(bytes.locator(`[data-testid="chart-data"] tr[data-time="${slotOf(minuteAgo(5))}"]`)).toHaveAttribute("data-partial", "false");
  await bytes.getByTestId("chart-data-toggle").click();

  // 40 minutes ago nothing was measured: the tooltip says so, and a click stays on the page.
  const empty = slotOf(minuteAgo(40));
  await metrics.hover(bytes, empty);
  await expect(bytes.getByTestId("chart-tooltip")).toContainText("No data in this period.");
  await expect(bytes.getByTestId("chart-tooltip")).not.toContainText("Click to read");
  await page.mouse.down();
  await page.mouse.up();
  await expect(bytes.getByTestId("chart-no-data")).toContainText(`No data at ${empty.replace("T", " ").slice(0, 19)} UTC`);
  await expect(page).toHaveURL(new RegExp(`/streams/${stream}/metrics`));

  // A point with data still opens the records.
  await metrics.hover(bytes, slotOf(minuteAgo(5)));
  await page.mouse.down();
  await page.mouse.up();
  await expect(page).toHaveURL(new RegExp(`/streams/${stream}/records\\?`));
});
