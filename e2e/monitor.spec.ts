// The on-call screen against moto seeded by the spec (playing AWS's part) and kinesis-local.
import { expect, test } from "@playwright/test";
import { Aws, minuteAgo, uniqueName } from "./fixtures/cloudwatch";
import { setCloudWatch } from "./fixtures/services";
import { MonitorPage } from "./pages/monitor-page";

let aws: Aws;
const streams = { critical: uniqueName("mon-crit"), warning: uniqueName("mon-warn"), ok: uniqueName("mon-ok") };

test.beforeAll(async () => {
  aws = new Aws();
  await Promise.all([aws.createStream(streams.critical, 2), aws.createStream(streams.warning, 1), aws.createStream(streams.ok, 3)]);
  const at = minuteAgo(3);
  await aws.metrics([
    { stream: streams.ok, metric: "IncomingBytes", timestamp: minuteAgo(5), value: 61_440 },
    { stream: streams.ok, metric: "IncomingBytes", timestamp: at, value: 122_880 },
    { stream: streams.ok, metric: "GetRecords.IteratorAgeMilliseconds", timestamp: at, value: 500 },
    { stream: streams.warning, metric: "GetRecords.IteratorAgeMilliseconds", timestamp: at, value: 90_000 },
    { stream: streams.warning, metric: "WriteProvisionedThroughputExceeded", timestamp: at, value: 4 },
    { stream: streams.critical, metric: "IncomingBytes", timestamp: at, value: 6_000 },
  ]);
  await aws.alarm({
    name: `${streams.critical}-lag`,
    stream: streams.critical,
    metric: "GetRecords.IteratorAgeMilliseconds",
    statistic: "Maximum",
    threshold: 60_000,
    state: "ALARM",
  });
});
test.afterAll(async () => {
  await aws?.close();
});

const names = () => `${streams.ok},${streams.warning},${streams.critical}`;

test("one tile per stream with its health, worst first", async ({ page }) => {
  const monitor = new MonitorPage(page);
  await monitor.goto({ streams: names() });
  await expect(monitor.tiles).toHaveCount(3);
  expect(await monitor.order()).toEqual([streams.critical, streams.warning, streams.ok]);

  const critical = monitor.tile(streams.critical);
  await expect(critical).toHaveAttribute("data-state", "critical");
  await expect(critical.getByTestId("tile-reasons")).toHaveText(`alarm ${streams.critical}-lag is in ALARM`);
  await expect(critical.getByTestId("tile-shards")).toHaveText("2");

  const warning = monitor.tile(streams.warning);
  await expect(warning).toHaveAttribute("data-state", "warning");
  await expect(warning.getByTestId("tile-age")).toHaveText("1.5 min");
  await expect(warning.getByTestId("tile-throttles")).toHaveText("4");
  await expect(warning.getByTestId("tile-reasons")).toHaveText("iterator age 1.5 min ≥ 1 min · 4 throttled requests ≥ 1");

  const ok = monitor.tile(streams.ok);
  await expect(ok).toHaveAttribute("data-state", "ok");
  await expect(ok.getByTestId("tile-incoming")).toHaveText("2 KiB/s");
  await expect(ok.getByTestId("sparkline")).toHaveAttribute("data-points", "2");
  await expect(ok.getByTestId("tile-shards")).toHaveText("3");
  await expect(ok.getByTestId("tile-updated")).toContainText(/updated \d+ s ago/);
  await expect(page.getByTestId("monitor-summary")).toHaveText("3 streams");

  // A shorter window keeps the same verdicts (the data is recent).
  await page.getByLabel("Sparkline range").selectOption("15m");
  await expect(page).toHaveURL(/range=15m/);
  await expect(monitor.tile(streams.warning)).toHaveAttribute("data-state", "warning");
  await expect(monitor.tile(streams.ok).getByTestId("tile-incoming")).toHaveText("2 KiB/s");

  // Thresholds in the URL change the verdict.
  await monitor.goto({ streams: names(), ageWarn: "120", ageCrit: "600", throttleWarn: "10", throttleCrit: "20" });
  await expect(monitor.tile(streams.warning)).toHaveAttribute("data-state", "ok");
});

test("?kiosk=1 hides the navigation on a dark screen with large type", async ({ page }) => {
  // A wall's type scales with the screen (monitor-wall.spec.ts covers 1920×1080 and 3840×2160 in full).
  await page.setViewportSize({ width: 1920, height: 1080 });
  const monitor = new MonitorPage(page);
  await monitor.goto({ streams: names() });
  await expect(page.locator("header.topbar")).toBeVisible();
  await monitor.goto({ streams: names(), kiosk: "1" });
  await expect(monitor.tiles).toHaveCount(3);
  await expect(page.locator("header.topbar")).toBeHidden();
  await expect(page.getByRole("link", { name: "Streams" })).toHaveCount(0);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe("rgb(11, 16, 32)");
  const nameSize = await monitor
    .tile(streams.ok)
    .locator(".tile-name")
    .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(nameSize).toBeGreaterThanOrEqual(32);
  // Nothing to click on a wall: kiosk mode is left by taking ?kiosk=1 out of the URL.
  await expect(page.getByRole("link")).toHaveCount(0);
  await expect(page.getByRole("button")).toHaveCount(0);
  await monitor.goto({ streams: names() });
  await expect(page.locator("header.topbar")).toBeVisible();
});

test.describe("when CloudWatch becomes unreachable", () => {
  test.afterEach(async () => {
    await setCloudWatch(true);
  });

  test("the tiles keep their last data, greyed out and labelled stale, and recover", async ({ page }) => {
    const monitor = new MonitorPage(page);
    await monitor.goto({ streams: names(), refresh: "10" });
    await expect(monitor.tiles).toHaveCount(3);
    await expect(monitor.tile(streams.ok)).toHaveAttribute("data-stale", "false");

    await setCloudWatch(false);
    // The server shares answers for 2 s in the e2e setup; after that a refresh must reach CloudWatch.
    await page.waitForTimeout(2_500);
    await page.getByTestId("monitor-refresh").click();
    for (const name of Object.values(streams)) {
      const tile = monitor.tile(name);
      await expect(tile).toHaveAttribute("data-stale", "true");
      await expect(tile.getByTestId("tile-stale")).toContainText("refresh failed: CloudWatch is unreachable");
      await expect(tile.getByTestId("tile-state")).toHaveText("STALE");
    }
    // The last data stays, with its age, and is not presented as current.
    await expect(monitor.tile(streams.ok).getByTestId("tile-incoming")).toHaveText("2 KiB/s");
    await expect(monitor.tile(streams.ok).getByTestId("tile-updated")).toContainText(/updated \d+ s ago/);
    const opacity = await monitor.tile(streams.ok).evaluate((e) => Number(getComputedStyle(e).opacity));
    expect(opacity).toBeLessThan(0.75);
    await expect(page.getByTestId("monitor-stale")).toBeVisible();

    await setCloudWatch(true);
    await page.getByTestId("monitor-refresh").click();
    await expect(monitor.tile(streams.ok)).toHaveAttribute("data-stale", "false");
    await expect(monitor.tile(streams.critical)).toHaveAttribute("data-state", "critical");
  });
});
