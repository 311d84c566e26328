// Phones: at 390 × 844 no page is wider than the viewport (tables scroll sideways inside their own
// box), the top bar wraps, and record tables show the time, the key and the payload first. Each
// page is also photographed at 1440 × 900 and 390 × 844 (.test-output/screenshots/) to be looked at.
import { expect, test } from "@playwright/test";
import path from "node:path";
import { PAGES } from "./pages/all-pages";
import { TailPage } from "./pages/tail-page";

const SHOTS = path.join(__dirname, "..", ".test-output", "screenshots");
const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, "-");

for (const { name, url, ready } of PAGES) {
  test(`the ${name} page fits a 390 px wide screen`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url);
    await ready(page);
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      // What sticks out, for the message: the outermost elements wider than the page.
      const culprits = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest(".virtual-scroll, table.data, .tabs, pre"))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} right=${Math.round(el.getBoundingClientRect().right)}`);
      return { scrollWidth: document.documentElement.scrollWidth, width, culprits };
    });
    expect(overflow.scrollWidth, `${url} is ${overflow.scrollWidth} px wide: ${overflow.culprits.join("; ")}`).toBeLessThanOrEqual(overflow.width);
    await page.screenshot({ path: path.join(SHOTS, `${slug(name)}-390.png`), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${slug(name)}-1440.png`), fullPage: true });
  });
}

test("on a phone, the tail shows each record's time, key and payload first", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const tail = new TailPage(page);
  await page.goto("/streams/orders/tail?from=TRIM_HORIZON");
  await tail.waitLive();
  const row = page.getByTestId("tail-row").first();
  await expect(row).toBeVisible();
  const x = async (cls: string) => (await row.locator(`.${cls}`).boundingBox())!.x;
  const [time, key, payload, seq] = [await x("c-time"), await x("c-key"), await x("c-payload"), await x("c-seq")];
  expect(time).toBeLessThan(key);
  expect(key).toBeLessThan(payload);
  expect(payload).toBeLessThan(seq);
  expect(time).toBeLessThan(390);
  expect(key).toBeLessThan(390);
});
