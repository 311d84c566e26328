// The Metrics tab against moto seeded by the spec (playing AWS's part) and kinesis-local.
import { expect, test } from "@playwright/test";
import type { MetricsResponse } from "@/lib/metrics/types";
import { Aws, minuteAgo, shardId, uniqueName } from "./fixtures/cloudwatch";
import { setCloudWatch } from "./fixtures/services";
import { MetricsPage, slotOf } from "./pages/metrics-page";

let aws: Aws;
test.beforeAll(() => {
  aws = new Aws();
});
test.afterAll(async () => {
  await aws?.close();
});

/** Upper half of the 128-bit key space: shard 1 of a two-shard stream. */
const SECOND_HALF = (2n ** 127n + 1n).toString();

test("charts show the seeded values at their times, with gaps between", async ({ page }) => {
  const stream = uniqueName("charts");
  await aws.createStream(stream, 2);
  const tenAgo = minuteAgo(10);
  const fiveAgo = minuteAgo(5);
  await aws.metrics([
    { stream, metric: "IncomingBytes", timestamp: tenAgo, value: 6_000 },
    { stream, metric: "IncomingBytes", timestamp: fiveAgo, value: 122_880 },
    { stream, metric: "GetRecords.IteratorAgeMilliseconds", timestamp: fiveAgo, value: 45_000 },
  ]);

  const metrics = new MetricsPage(page);
  await metrics.goto(stream);
  await expect(page.getByRole("link", { name: "Metrics" })).toHaveAttribute("aria-current", "page");
  const bytes = metrics.chart("bytes");
  // 6,000 bytes in one minute is 100 B/s; 122,880 is 2 KiB/s.
  const early = await metrics.dataRow("bytes", slotOf(tenAgo));
  await expect(early.locator('[data-key="IncomingBytes"]')).toHaveText("100 B/s");
  await expect(bytes.locator('[data-testid="chart-data"] tr[data-time]')).toHaveCount(2);
  await expect(bytes.locator(`[data-testid="chart-data"] tr[data-time="${slotOf(fiveAgo)}"] [data-key="IncomingBytes"]`)).toHaveText("2 KiB/s");
  // A stream younger than an hour opens on 15 minutes, the time it has data for.
  await expect(page.getByRole("button", { name: "15 min" })).toHaveAttribute("aria-pressed", "true");
  await expect(bytes).toContainText("13 of 15 periods had no data point.");
  // Only series with data are drawn: "out (GetRecords)" has none, so no legend entry or column.
  await expect(bytes.locator('[data-testid="chart-data"] th')).toHaveText(["Period start (UTC)", "in (producers)"]);
  await expect(bytes.getByTestId("chart-legend-entry")).toHaveCount(0);
  // The time axis says UTC and is marked at round minutes; the value axis at round numbers.
  const plot = bytes.getByTestId("chart-plot");
  await expect(plot.locator("svg text", { hasText: /^UTC$/ })).toHaveCount(1);
  const ticks = plot.locator(".recharts-cartesian-axis-tick-value");
  await expect(ticks.first()).toBeVisible();
  const labels = await ticks.allTextContents();
  const timeTicks = labels.filter((t) => /^\d\d:\d\d$/.test(t));
  const valueTicks = labels.filter((t) => !/^\d\d:\d\d$/.test(t));
  expect(timeTicks.length).toBeGreaterThan(1);
  for (const t of timeTicks) expect(Number(t.slice(-2)) % 5, t).toBe(0);
  // 2 KiB/s at most: steps of half a KiB.
  expect(valueTicks).toEqual(["0 B/s", "512 B/s", "1 KiB/s", "1.5 KiB/s", "2 KiB/s"]);
  // The line is drawn on the chart, and the tooltip at that minute says the same.
  await metrics.hover(bytes, slotOf(fiveAgo));
  await expect(bytes.getByTestId("chart-tooltip")).toContainText("in (producers): 2 KiB/s");

  const age = await metrics.dataRow("iterator-age", slotOf(fiveAgo));
  await expect(age.locator('[data-key="GetRecords.IteratorAgeMilliseconds"]')).toHaveText("45 s");
  await expect(metrics.chart("latency")).toHaveAttribute("data-state", "empty");
  await expect(page.getByTestId("cloudwatch-usage")).toContainText("1-minute points");

  // Another range re-reads at its own resolution.
  await page.getByRole("button", { name: "1 day" }).click();
  await expect(page).toHaveURL(/range=1d/);
  await expect(page.getByTestId("cloudwatch-usage")).toContainText("5-minute points");
});

test("the shard-level view ranks the hottest shard first, and says when it is off", async ({ page }) => {
  const stream = uniqueName("shards");
  await aws.createStream(stream, 3, ["IncomingBytes", "IncomingRecords"]);
  const at = minuteAgo(3);
  await aws.metrics([
    { stream, shardId: shardId(0), metric: "IncomingBytes", timestamp: at, value: 6_000_000 },
    { stream, shardId: shardId(1), metric: "IncomingRecords", timestamp: at, value: 30_000 },
    { stream, shardId: shardId(2), metric: "IncomingBytes", timestamp: at, value: 60_000_000 },
  ]);
  const metrics = new MetricsPage(page);
  await metrics.goto(stream, { range: "15m" });
  const rows = metrics.shardRows();
  await expect(rows).toHaveCount(3);
  // 1,000,000 B/s is 95 % of 1 MiB/s; 500 records/s is 50 % of 1,000; 100,000 B/s is 9.5 %.
  await expect(rows.nth(0)).toHaveAttribute("data-shard", shardId(2));
  await expect(rows.nth(0).getByTestId("shard-peak")).toHaveText("95 %");
  await expect(rows.nth(1)).toHaveAttribute("data-shard", shardId(1));
  await expect(rows.nth(2)).toHaveAttribute("data-shard", shardId(0));
  await expect(page.getByTestId("shard-usage")).toContainText("Enabled shard-level metrics: IncomingBytes, IncomingRecords");

  const plain = uniqueName("noshards");
  await aws.createStream(plain, 1);
  await metrics.goto(plain);
  const off = page.getByTestId("shard-level-off");
  await expect(off).toContainText("Shard-level metrics are off for this stream.");
  await expect(off).toContainText("Enabled shard-level metrics: none.");
  await expect(off).toContainText("billed as a CloudWatch custom metric per shard");
});

test("alarms appear with their state, reason and threshold, drawn on the matching chart", async ({ page }) => {
  const stream = uniqueName("alarms");
  await aws.createStream(stream, 1);
  await aws.metrics([
    { stream, metric: "GetRecords.IteratorAgeMilliseconds", timestamp: minuteAgo(2), value: 45_000 },
    { stream, metric: "IncomingBytes", timestamp: minuteAgo(2), value: 600_000 },
  ]);
  const lag = `${stream}-lag`;
  await aws.alarm({
    name: lag,
    stream,
    metric: "GetRecords.IteratorAgeMilliseconds",
    statistic: "Maximum",
    threshold: 30_000,
    state: "ALARM",
    reason: "Threshold Crossed: 1 datapoint [45000.0] > 30000.0",
  });
  await aws.alarm({ name: `${stream}-writes`, stream, metric: "IncomingBytes", statistic: "Sum", threshold: 6_000_000 });

  const metrics = new MetricsPage(page);
  await metrics.goto(stream);
  const rows = page.getByTestId("alarm-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute("data-alarm", lag);
  await expect(rows.nth(0)).toHaveAttribute("data-state", "ALARM");
  await expect(rows.nth(0)).toContainText("Threshold Crossed: 1 datapoint [45000.0] > 30000.0");
  await expect(rows.nth(0).getByTestId("alarm-threshold")).toContainText("> 30000");
  // The thresholds as lines, in the charts' units: 6,000,000 bytes per 60 s is 97.7 KiB/s.
  await expect(metrics.chart("iterator-age").getByTestId("chart-threshold")).toHaveText(`${lag} > 30 s`);
  await expect(metrics.chart("iterator-age").locator(".recharts-reference-line line")).toHaveCount(1);
  await expect(metrics.chart("bytes").getByTestId("chart-threshold")).toHaveText(`${stream}-writes > 97.7 KiB/s`);
  await expect(metrics.chart("bytes").locator(".recharts-reference-line line")).toHaveCount(1);
  // Named in the legend, never written over the plot where it would cover the line.
  await expect(metrics.chart("iterator-age").locator(".recharts-reference-line .recharts-label")).toHaveCount(0);
  // The 30 s line is drawn below the 45 s point (SVG y grows downwards).
  const line = await metrics.chart("iterator-age").locator(".recharts-reference-line line").boundingBox();
  const dot = await metrics.chart("iterator-age").locator(".recharts-line-dots circle").first().boundingBox();
  expect(line && dot && line.y > dot.y).toBe(true);
});

test("clicking a chart point opens the record browser at that moment, on the shard behind it", async ({ page }) => {
  const stream = uniqueName("click");
  await aws.createStream(stream, 2, ["IncomingBytes"]);
  const at = minuteAgo(2);
  await aws.putRecord(stream, "e2e-after-spike", { hello: "spike" }, SECOND_HALF);
  await aws.metrics([
    { stream, metric: "IncomingBytes", timestamp: at, value: 60_000 },
    { stream, shardId: shardId(0), metric: "IncomingBytes", timestamp: at, value: 6_000 },
    { stream, shardId: shardId(1), metric: "IncomingBytes", timestamp: at, value: 54_000 },
  ]);
  const metrics = new MetricsPage(page);
  await metrics.goto(stream, { range: "15m" });

  const bytes = metrics.chart("bytes");
  await expect(bytes).toHaveAttribute("data-state", "ready");
  await metrics.hover(bytes, slotOf(at));
  await page.mouse.down();
  await page.mouse.up();
  await expect(page).toHaveURL(new RegExp(`/streams/${stream}/records\\?`));
  const url = new URL(page.url());
  expect(url.searchParams.get("shard")).toBe(shardId(1));
  expect(url.searchParams.get("from")).toBe("AT_TIMESTAMP");
  expect(url.searchParams.get("at")).toBe(slotOf(at));
  await expect(page.getByTestId("records-status")).toContainText(`from ${shardId(1)} at AT_TIMESTAMP ${slotOf(at)}`);
  await expect(page.getByTestId("record-row").filter({ hasText: "e2e-after-spike" })).toHaveCount(1);

  // A shard's own chart opens that shard.
  await page.goBack();
  await expect(metrics.shardRows()).toHaveCount(2);
  const shardChart = page.getByTestId(`chart-shard-${shardId(0)}`);
  await metrics.hover(shardChart, slotOf(at));
  await page.mouse.down();
  await page.mouse.up();
  await expect(page).toHaveURL(new RegExp(`shard=${shardId(0)}&from=AT_TIMESTAMP&at=${encodeURIComponent(slotOf(at))}`));
});

test("a 50-shard stream's metrics page costs one GetMetricData call per refresh", async ({ page }) => {
  const stream = uniqueName("wide");
  await aws.createStream(stream, 50, ["IncomingBytes", "IncomingRecords", "OutgoingBytes"]);
  await aws.metrics(
    Array.from({ length: 50 }, (_, i) => ({ stream, shardId: shardId(i), metric: "IncomingBytes", timestamp: minuteAgo(2), value: 600 * (i + 1) })),
  );

  const metricsCalls: MetricsResponse[] = [];
  page.on("response", async (res) => {
    // The page asks its own scope's API (/api/t/local/us-east-1/…).
    if (res.url().includes(`/streams/${stream}/metrics`) && new URL(res.url()).pathname.startsWith("/api/"))
      metricsCalls.push((await res.json()) as MetricsResponse);
  });
  const metrics = new MetricsPage(page);
  await metrics.goto(stream, { range: "15m", refresh: "0" });
  await expect(metrics.shardRows()).toHaveCount(50);
  await expect(metrics.shardRows().first()).toHaveAttribute("data-shard", shardId(49));
  expect(metricsCalls).toHaveLength(1);
  // 13 stream-level metrics (4 rates as Sum + math) and 3 rates for each of 50 shards: 317 queries, one call.
  expect(metricsCalls[0]!.usage).toMatchObject({ queries: 317, getMetricDataCalls: 1, cached: false });
  await expect(page.getByTestId("cloudwatch-usage")).toContainText("317 metric queries, 1 GetMetricData call");

  // After the shared cache's lifetime (2 s in the e2e server) a refresh reads CloudWatch again: once.
  await page.waitForTimeout(2_500);
  await page.getByTestId("metrics-refresh").click();
  await expect.poll(() => metricsCalls.length).toBe(2);
  expect(metricsCalls[1]!.usage).toMatchObject({ queries: 317, getMetricDataCalls: 1, cached: false });
  // A refresh within the cache's lifetime costs nothing.
  await page.getByTestId("metrics-refresh").click();
  await expect.poll(() => metricsCalls.length).toBe(3);
  expect(metricsCalls[2]!.usage.getMetricDataCalls).toBeLessThanOrEqual(1);
});

test.describe("when CloudWatch is unreachable", () => {
  test.afterEach(async () => {
    await setCloudWatch(true);
  });

  test("the charts say so", async ({ page }) => {
    const stream = uniqueName("dark");
    await aws.createStream(stream, 1);
    await setCloudWatch(false);
    const metrics = new MetricsPage(page);
    await metrics.goto(stream);
    const panel = page.getByTestId("error-panel").first();
    await expect(panel).toHaveAttribute("data-code", "endpoint_unreachable");
    await expect(panel).toContainText("Cannot reach CloudWatch");
    await expect(metrics.chart("bytes").getByTestId("chart-error")).toContainText("CloudWatch is unreachable");
    await expect(metrics.chart("iterator-age")).toHaveAttribute("data-state", "error");
  });
});

test("live metrics observed by Shardscope sit beside the CloudWatch charts", async ({ page }) => {
  const stream = uniqueName("live");
  await aws.createStream(stream, 2);
  const metrics = new MetricsPage(page);
  await metrics.goto(stream);
  const live = page.getByTestId("live-metrics");
  await expect(live).toContainText("Live, observed by Shardscope");
  await expect(live).toContainText("not CloudWatch");
  await live.getByRole("button", { name: "Sample live" }).click();
  await expect(live.getByTestId("live-shard")).toHaveCount(2);
  // The sample starts at the shards' tips: keep producing until the readers have seen a record.
  const hotKey = live.getByTestId("hot-key").filter({ hasText: "live-key" });
  await expect
    .poll(
      async () => {
        await aws.putRecord(stream, "live-key", { n: 1 }, "0");
        return hotKey.count();
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(1);
  await live.getByRole("button", { name: "Stop" }).click();
});
