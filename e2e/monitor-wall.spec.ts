// The wall screen (/monitor?kiosk=1) at 1920×1080 and 3840×2160, against moto seeded by the spec
// (playing AWS's part) and kinesis-local with the demo's streams: the tiles fill the screen with
// no scrollbars, nothing to click, values on one line, records/s beside bytes/s, alarm names, and
// a legend for "–". Screenshots go to .test-output/ to be looked at.
import { expect, test, type Page } from "@playwright/test";
import { Aws, minuteAgo, uniqueName } from "./fixtures/cloudwatch";
import { MonitorPage } from "./pages/monitor-page";

let aws: Aws;
const busy = uniqueName("wall-busy");
const lagging = uniqueName("wall-lag");
const alarmNames = [`${lagging}-iterator-age`, `${lagging}-write-throttles`];

test.beforeAll(async () => {
  aws = new Aws();
  await Promise.all([aws.createStream(busy, 2), aws.createStream(lagging, 1)]);
  await aws.metrics([
    ...[2, 3, 4, 5, 6].flatMap((m) => [
      { stream: busy, metric: "IncomingBytes", timestamp: minuteAgo(m), value: 1_550 * 60 },
      { stream: busy, metric: "IncomingRecords", timestamp: minuteAgo(m), value: 12 * 60 },
    ]),
    { stream: lagging, metric: "GetRecords.IteratorAgeMilliseconds", timestamp: minuteAgo(3), value: 400_000 },
  ]);
  await aws.alarm({
    name: alarmNames[0]!,
    stream: lagging,
    metric: "GetRecords.IteratorAgeMilliseconds",
    statistic: "Maximum",
    threshold: 60_000,
    state: "ALARM",
  });
  await aws.alarm({ name: alarmNames[1]!, stream: lagging, metric: "WriteProvisionedThroughputExceeded", statistic: "Sum", threshold: 10, state: "OK" });
});
test.afterAll(async () => {
  await aws?.close();
});

/** What a wall must be at any size: the board fits the viewport and every tile is on screen. */
async function expectFits(page: Page) {
  const sizes = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    width: window.innerWidth,
    height: window.innerHeight,
  }));
  expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.width);
  expect(sizes.scrollHeight).toBeLessThanOrEqual(sizes.height);
  const boxes = await page.getByTestId("monitor-tile").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  for (const b of boxes) {
    expect(b.left).toBeGreaterThanOrEqual(0);
    expect(b.top).toBeGreaterThanOrEqual(0);
    expect(b.right).toBeLessThanOrEqual(sizes.width);
    expect(b.bottom).toBeLessThanOrEqual(sizes.height);
  }
  return { ...sizes, boxes };
}

for (const viewport of [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("the wall fills the screen with every stream, nothing to click and every value on one line", async ({ page }) => {
      // The page comes with the wall read on the server, from the stream list it shares for
      // SHARDSCOPE_LIST_TTL_SECONDS: wait until that list has the streams made above.
      await expect
        .poll(async () => ((await (await page.request.get("/api/streams")).json()) as { streams: { name: string }[] }).streams.map((s) => s.name))
        .toEqual(expect.arrayContaining([busy, lagging]));
      const monitor = new MonitorPage(page);
      await monitor.goto({ kiosk: "1" });
      await expect(monitor.tile(busy)).toBeVisible();
      await expect(monitor.tile(lagging)).toBeVisible();
      // The demo's streams are there too.
      for (const demo of ["orders", "clickstream", "telemetry", "payments"]) await expect(monitor.tile(demo)).toBeVisible();
      const count = await monitor.tiles.count();

      const { boxes } = await expectFits(page);
      expect(boxes).toHaveLength(count);
      // The tiles fill the screen: together they cover most of it, whatever their number.
      const covered = boxes.reduce((s, b) => s + b.width * b.height, 0);
      expect(covered / (viewport.width * viewport.height)).toBeGreaterThan(0.6);

      // No controls: no pickers, buttons, links or fields anywhere on screen.
      const controls = await page
        .locator("select, button, a[href], input, textarea, [role=button], [role=link]")
        .evaluateAll((els) =>
          els.filter((e) => (e as HTMLElement).offsetParent !== null || e.getClientRects().length > 0).map((e) => e.outerHTML.slice(0, 80)),
        );
      expect(controls).toEqual([]);

      // Every value on one line: each value element is one line high.
      const values = await page
        .locator('[data-testid="monitor-tile"] .figures b')
        .evaluateAll((els) =>
          els.map((e) => ({ text: e.textContent, height: e.getBoundingClientRect().height, font: parseFloat(getComputedStyle(e).fontSize) })),
        );
      expect(values.length).toBeGreaterThanOrEqual(count * 5 - 5);
      for (const v of values) expect(v.height, `"${v.text}"`).toBeLessThan(v.font * 1.5);

      // Type to be read across a room: a stream's name and its values are large on this screen.
      const scale = viewport.width / 1920;
      const nameSize = await monitor
        .tile(busy)
        .locator(".tile-name")
        .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(nameSize).toBeGreaterThanOrEqual(24 * scale);
      const valueSize = await monitor
        .tile(busy)
        .getByTestId("tile-incoming")
        .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(valueSize).toBeGreaterThanOrEqual(24 * scale);

      // Records/s beside bytes/s, the alarm names, and the sparkline's scale.
      await expect(monitor.tile(busy).getByTestId("tile-incoming")).toHaveText("1.51 KiB/s");
      await expect(monitor.tile(busy).getByTestId("tile-records")).toHaveText("12 rec/s");
      await expect(monitor.tile(busy).getByTestId("spark-max")).toHaveText("1.51 KiB/s");
      const alarms = monitor.tile(lagging).getByTestId("tile-alarms");
      for (const name of alarmNames) await expect(alarms).toContainText(name);
      await expect(monitor.tile(lagging)).not.toContainText(/\d alarms?\b/);
      await expect(monitor.tile(lagging).getByTestId("tile-records")).toHaveText("–");

      // What "–" means, and the windows, stated once in the header.
      await expect(page.getByTestId("monitor-legend")).toHaveText("– no data in the window");
      await expect(page.getByTestId("monitor-window")).toBeVisible();
      const body = await page.locator("body").innerText();
      expect(body.match(/last 15 min/g)).toHaveLength(1);

      await page.screenshot({ path: `.test-output/wall-${viewport.width}x${viewport.height}.png` });
    });

    test("one tile and fifty tiles both fill the screen without scrolling", async ({ page }) => {
      const monitor = new MonitorPage(page);
      await monitor.goto({ kiosk: "1", streams: busy });
      await expect(monitor.tiles).toHaveCount(1);
      const one = await expectFits(page);
      expect(one.boxes[0]!.width).toBeGreaterThan(viewport.width * 0.9);
      expect(one.boxes[0]!.height).toBeGreaterThan(viewport.height * 0.75);

      // Streams that do not exist get (cheap) error tiles: fifty tiles without fifty streams.
      const many = [busy, lagging, ...Array.from({ length: 48 }, (_, i) => `${busy}-none-${i}`)];
      await monitor.goto({ kiosk: "1", streams: many.join(",") });
      await expect(monitor.tiles).toHaveCount(50);
      await expect(page.getByTestId("monitor-board").locator(".tiles")).toHaveAttribute("data-rows", /\d/);
      const fifty = await expectFits(page);
      const covered = fifty.boxes.reduce((s, b) => s + b.width * b.height, 0);
      expect(covered / (viewport.width * viewport.height)).toBeGreaterThan(0.6);
      await page.screenshot({ path: `.test-output/wall-50-${viewport.width}x${viewport.height}.png` });
    });
  });
}
