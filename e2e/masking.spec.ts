// Masking in Chromium against the demo's own rules (scripts/lib/demo-targets.ts): payments' card
// numbers are masked and payer emails hashed. The record browser marks each masked row, the detail
// names the masked fields and withholds the raw bytes, and neither the page nor the API it reads
// ever holds a card number or an email of the records the e2e server seeded into payments.
import { expect, test } from "@playwright/test";
import { nextPayment } from "@/scripts/lib/demo-data";
import { PAYMENTS_RECORDS_BEFORE_SPLIT } from "@/scripts/lib/demo-streams";
import { createRng } from "@/lib/util/create-rng";
import { expectNoSeriousViolations } from "./fixtures/a11y";
import { RecordsPage } from "./pages/records-page";

test.use({ viewport: { width: 1440, height: 900 } });

/** payments' closed parent: the records put before the split (scripts/lib/demo-streams.ts, same seed). */
const PARENT = "shardId-000000000000";
const seeded = (() => {
  const rng = createRng(20_240_601);
  return Array.from({ length: PAYMENTS_RECORDS_BEFORE_SPLIT }, () => nextPayment(rng, new Date()));
})();
const SECRETS = seeded.flatMap((p) => [p.customerEmail, ...(p.card ? [p.card.number] : [])]);

test("payments in the record browser: masked rows marked, the fields named in the detail, no card number or email anywhere", async ({ page, request }) => {
  expect(seeded.some((p) => p.card)).toBe(true);

  const api = await request.get(`/api/streams/payments/records?shardId=${PARENT}&from=TRIM_HORIZON&limit=100`);
  expect(api.status()).toBe(200);
  const body = await api.text();
  for (const s of SECRETS) expect(body, `the API sent ${s}`).not.toContain(s);
  const records = (JSON.parse(body) as { records: { partitionKey: string; data: string; decoded: { masked?: string[] } }[] }).records;
  expect(records.map((r) => r.partitionKey)).toEqual(seeded.map((p) => p.paymentId));
  for (const r of records) expect(r.data).toBe("");

  const browser = new RecordsPage(page);
  await browser.goto("payments");
  await browser.read({ shard: PARENT, from: "TRIM_HORIZON" });
  await expect(browser.rows).toHaveCount(PAYMENTS_RECORDS_BEFORE_SPLIT);
  // Every payment has an email (hashed), so every row is marked.
  await expect(browser.rows.getByTestId("masked-badge")).toHaveCount(PAYMENTS_RECORDS_BEFORE_SPLIT);

  const card = seeded.find((p) => p.card)!;
  await browser.open(card.paymentId);
  const notice = browser.drawer.getByTestId("masked-notice");
  await expect(notice).toBeVisible();
  await expect(notice.getByTestId("masked-path")).toHaveText(["$.card.number", "$.customerEmail"]);
  await expect(browser.drawer.getByTestId("json-tree")).toContainText('"****"');
  await expect(browser.drawer.getByTestId("json-tree")).toContainText(/"hash:[0-9a-f]{16}"/);
  await expect(browser.drawer.getByTestId("raw-withheld")).toBeVisible();
  await expect(browser.drawer.getByTestId("raw-base64")).toHaveCount(0);
  await expect(browser.drawer.getByTestId("put-a-copy")).toBeDisabled();
  await expectNoSeriousViolations(page, "a masked record's detail");

  const html = await page.content();
  for (const s of SECRETS) expect(html, `the page holds ${s}`).not.toContain(s);
});

test("a search of payments finds records by an email's hash, never by the email itself", async ({ request }) => {
  const email = seeded[0]!.customerEmail;
  const byEmail = await request.get(`/api/streams/payments/search.ndjson?from=TRIM_HORIZON&q=${encodeURIComponent(email)}`);
  expect(byEmail.status()).toBe(200);
  const lines = (await byEmail.text()).trim().split("\n");
  expect(lines).toHaveLength(1); // the summary only: a filter sees what the viewer sees

  const first = await request.get(`/api/streams/payments/records?shardId=${PARENT}&from=TRIM_HORIZON&limit=1`);
  const hashed = ((await first.json()) as { records: { decoded: { value: { customerEmail: string } } }[] }).records[0]!.decoded.value.customerEmail;
  expect(hashed).toMatch(/^hash:[0-9a-f]{16}$/);
  const byHash = await request.get(`/api/streams/payments/search.ndjson?from=TRIM_HORIZON&q=${encodeURIComponent(hashed)}`);
  const found = (await byHash.text()).trim().split("\n");
  expect(found.length).toBeGreaterThan(1);
  for (const s of SECRETS) expect(found.join("\n")).not.toContain(s);
});
