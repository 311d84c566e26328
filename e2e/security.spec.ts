// Every page works under the Content-Security-Policy (proxy.ts): no script, style or connection
// of Shardscope's own is blocked, which chromium reports as a `securitypolicyviolation` event and a
// console error. And no other site can frame the put form.
import { expect, test, type Page } from "@playwright/test";
import { kinesis, putJson } from "./fixtures/services";
import { RecordsPage } from "./pages/records-page";
import { TailPage } from "./pages/tail-page";

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  page: string;
  source: string;
}

/** Collects CSP violations (and console errors naming the policy) of every document the page loads. */
async function watchCsp(page: Page): Promise<{ violations: () => Promise<Violation[]>; console: string[] }> {
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to (load|execute|apply|evaluate|connect|frame)/i.test(m.text())) consoleErrors.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as { __csp: unknown[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) => {
      seen.push({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        page: location.pathname + location.search,
        source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      });
    });
  });
  return {
    console: consoleErrors,
    violations: () => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp ?? []),
  };
}

test("the pages run under the Content-Security-Policy without a single violation", async ({ page }) => {
  test.setTimeout(120_000);
  const csp = await watchCsp(page);
  const seen: Violation[] = [];
  const visit = async (url: string, ready: () => Promise<void>) => {
    const res = await page.goto(url);
    expect(res?.headers()["content-security-policy"], url).toMatch(/'nonce-[^']+'/);
    await ready();
    seen.push(...(await csp.violations()));
  };

  const orders = page.locator('[data-testid="stream-row"][data-stream="orders"]');
  await visit("/", () => expect(orders).toContainText("ACTIVE"));
  // Client-side navigation loads further chunks through the scripts the nonce let in.
  await orders.click();
  await expect(page).toHaveURL(/\/streams\/orders$/);
  await expect(page.getByTestId("shard-row").first()).toBeVisible();
  seen.push(...(await csp.violations()));

  const client = kinesis();
  const put = await putJson(client, "orders", "csp-record", { total: 1 });
  const records = new RecordsPage(page);
  await visit("/streams/orders/records", async () => {
    await records.read({ shard: put.shardId, from: "TRIM_HORIZON" });
    await expect(records.rowWithKey("csp-record").first()).toBeVisible();
  });
  await visit("/streams/orders/metrics", () =>
    expect(page.locator('section[data-testid^="chart-"][data-state="empty"], section[data-testid^="chart-"][data-state="ready"]').first()).toBeVisible(),
  );
  await visit("/monitor", () => expect(page.getByTestId("monitor-tile").first()).toBeVisible());
  await visit("/put", () => expect(page.getByTestId("stream-picker")).toBeVisible());
  await visit("/streams/orders/put", () => expect(page.getByTestId("write-target-stream")).toHaveText("orders"));

  // The live tail: an EventSource, records rendered as they arrive, and an expression filter,
  // which the page checks as it is typed without evaluating any code.
  const tail = new TailPage(page);
  await visit("/streams/orders/tail", () => tail.waitLive());
  await page.getByLabel("Expression filter").fill("total > 100");
  await page.getByLabel("Expression filter").fill("total >");
  await expect(page.getByTestId("filter-error")).toContainText("The expression is not valid");
  await page.getByLabel("Expression filter").fill(`_key == "csp-check"`);
  await page.getByRole("button", { name: "Apply" }).click();
  await tail.waitLive();
  await putJson(client, "orders", "csp-check", { total: 1 });
  client.destroy();
  await expect(tail.row("csp-check")).toBeVisible();
  seen.push(...(await csp.violations()));

  await visit("/no/such/page", () => expect(page.getByText("Page not found")).toBeVisible());

  expect(seen).toEqual([]);
  expect(csp.console).toEqual([]);
});

test("another site cannot frame Shardscope's pages", async ({ page, baseURL }) => {
  // A page of another origin (localhost is not 127.0.0.1) that frames the put form.
  const other = baseURL!.replace("127.0.0.1", "localhost");
  await page.route(`${other}/framer`, (route) =>
    route.fulfill({ contentType: "text/html", body: `<iframe id="f" src="${baseURL}/put" width="800" height="600"></iframe>` }),
  );
  await page.goto(`${other}/framer`);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  // Chromium replaces a refused frame's document with its error page; the form never loads.
  await expect.poll(() => frame?.url()).toMatch(/^chrome-error:/);
  await expect(page.frameLocator("#f").getByTestId("stream-picker")).toHaveCount(0);
});
