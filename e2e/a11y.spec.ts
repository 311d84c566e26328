// Keyboard and screen readers: axe finds no serious or critical violation on any page once its data
// has loaded; a skip link is the first thing Tab reaches and lands on the main landmark; the record
// detail drawer takes focus when it opens from the keyboard and gives it back to its row on Escape.
import { expect, test } from "@playwright/test";
import { expectNoSeriousViolations } from "./fixtures/a11y";
import { FIXTURES, FIXTURE_SHARD } from "./fixtures/seed";
import { kinesis, putJson } from "./fixtures/services";
import { PAGES } from "./pages/all-pages";
import { RecordsPage } from "./pages/records-page";
import { TailPage } from "./pages/tail-page";

for (const { name, url, ready } of PAGES) {
  test(`axe finds no serious or critical violation on the ${name} page`, async ({ page }) => {
    await page.goto(url);
    await ready(page);
    await expectNoSeriousViolations(page, url);
  });
}

test("the tail with a record in it, and the open detail drawer, pass axe too", async ({ page }) => {
  const tail = new TailPage(page);
  await tail.goto("orders");
  await tail.waitLive();
  const client = kinesis();
  await putJson(client, "orders", "a11y-tail", { total: 1 });
  client.destroy();
  await expect(tail.row("a11y-tail")).toBeVisible();
  await expectNoSeriousViolations(page, "tail with rows");
  await tail.row("a11y-tail").click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoSeriousViolations(page, "tail with the drawer open");
});

// The wall (/monitor?kiosk=1) has nothing to focus, by design (no controls, no links): no skip
// link either, and Tab reaches nothing visible there.
for (const { name, url, ready } of PAGES.filter((p) => !p.url.includes("kiosk=1"))) {
  test(`on the ${name} page the first Tab reaches "Skip to content", which moves focus to the main landmark`, async ({ page }) => {
    await page.goto(url);
    await ready(page);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
    // The next Tab goes on from the main content, past the top bar.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);
  });
}

test("the wall has no skip link and nothing else to focus", async ({ page }) => {
  const kiosk = PAGES.find((p) => p.url.includes("kiosk=1"))!;
  await page.goto(kiosk.url);
  await kiosk.ready(page);
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeHidden();
  await page.keyboard.press("Tab");
  // Focus stays on the document (or on nothing that is shown).
  expect(
    await page.evaluate(() => {
      const a = document.activeElement;
      return !a || a === document.body || a.getClientRects().length === 0;
    }),
  ).toBe(true);
});

test("keyboard only: Enter on a record row opens the drawer with focus inside, Escape closes it and focus is back on the row", async ({ page }) => {
  const records = new RecordsPage(page);
  await records.goto("orders", { shard: FIXTURE_SHARD, from: "TRIM_HORIZON" });
  const row = records.rowWithKey(FIXTURES.json.partitionKey).first();
  await expect(row).toBeVisible();

  // Tab from the start of the page until the row has focus.
  await page.locator("body").focus();
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await row.evaluate((el) => el === document.activeElement);
  }
  expect(reached, "the row is reachable with Tab").toBe(true);

  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleName(new RegExp(FIXTURES.json.partitionKey));
  expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  // Focus stays inside while it is open.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }

  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(row).toBeFocused();
});

test("the close button closes the tail's drawer and gives focus back to the row that opened it", async ({ page }) => {
  // The dialog's scroll lock adds a style element: it must get the page's CSP nonce.
  const csp: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to apply/i.test(m.text())) csp.push(m.text());
  });
  const tail = new TailPage(page);
  await tail.goto("orders");
  await tail.waitLive();
  const client = kinesis();
  await putJson(client, "orders", "a11y-focus", { total: 2 });
  client.destroy();
  const row = tail.row("a11y-focus");
  await expect(row).toBeVisible();
  await row.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await dialog.getByRole("button", { name: "Close" }).press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(row).toBeFocused();
  expect(csp).toEqual([]);
});
