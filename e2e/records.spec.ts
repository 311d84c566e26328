import { expect, test } from "@playwright/test";
import { FIXTURES, FIXTURE_SHARD } from "./fixtures/seed";
import { RecordsPage } from "./pages/records-page";

test("browse records from TRIM_HORIZON and open a JSON record", async ({ page }) => {
  const records = new RecordsPage(page);
  await records.goto("orders");
  await records.read({ shard: FIXTURE_SHARD, from: "TRIM_HORIZON" });
  await expect(page).toHaveURL(new RegExp(`shard=${FIXTURE_SHARD}&from=TRIM_HORIZON`));
  const row = records.rowWithKey(FIXTURES.json.partitionKey);
  await expect(row).toHaveAttribute("data-format", "json");
  await expect(row).toContainText('"orderId":"e2e-order-1"');
  await records.open(FIXTURES.json.partitionKey);
  await expect(records.drawer.getByTestId("json-tree")).toContainText('"e2e-order-1"');
  await expect(records.drawer.getByTestId("decode-chain").first()).toHaveText(/base64.*json/);
  await expect(records.drawer.getByTestId("raw-base64")).toHaveText(Buffer.from(JSON.stringify(FIXTURES.json.body)).toString("base64"));
});

test("a KPL-aggregated record shows each sub-record with its own partition key", async ({ page }) => {
  const records = new RecordsPage(page);
  await records.goto(FIXTURES.kpl.stream, { shard: FIXTURE_SHARD, from: "TRIM_HORIZON" });
  await expect(records.rowWithKey(FIXTURES.kpl.partitionKey)).toHaveAttribute("data-format", "kpl");
  await records.open(FIXTURES.kpl.partitionKey);
  const subs = records.drawer.getByTestId("kpl-subrecord");
  await expect(subs).toHaveCount(3);
  await expect(records.drawer.getByTestId("subrecord-partition-key")).toHaveText(["sensor-alpha", "sensor-beta", "sensor-gamma"]);
  await expect(subs.nth(1).getByTestId("json-tree")).toContainText("19.25");
});

test("a CloudWatch Logs envelope shows one entry per log event", async ({ page }) => {
  const records = new RecordsPage(page);
  await records.goto(FIXTURES.cwlogs.stream, { shard: FIXTURE_SHARD, from: "TRIM_HORIZON" });
  await expect(records.rowWithKey(FIXTURES.cwlogs.partitionKey)).toHaveAttribute("data-format", "cwlogs");
  await records.open(FIXTURES.cwlogs.partitionKey);
  const cw = records.drawer.getByTestId("cwlogs");
  await expect(cw).toContainText(FIXTURES.cwlogs.logGroup);
  const events = cw.getByTestId("log-event");
  await expect(events).toHaveCount(3);
  await expect(events.nth(0)).toContainText("START RequestId: e2e-1");
  await expect(events.nth(1).getByTestId("json-tree")).toContainText('"card declined"');
  await expect(events.nth(1)).toContainText("2026-11-26 12:00:01.000");
  await expect(records.drawer.getByTestId("decode-chain").first()).toHaveText(/gzip.*cwlogs/);
});

test("gzip, text and binary payloads are decoded, and the decoder can be forced", async ({ page }) => {
  const records = new RecordsPage(page);
  await records.goto(FIXTURES.gzipJson.stream, { shard: FIXTURE_SHARD, from: "TRIM_HORIZON" });
  await expect(records.rowWithKey(FIXTURES.gzipJson.partitionKey)).toContainText("e2e-click");
  await records.open(FIXTURES.gzipJson.partitionKey);
  await expect(records.drawer.getByTestId("decode-chain").first()).toHaveText(/gzip.*json/);
  await page.keyboard.press("Escape");

  await records.goto("telemetry", { shard: FIXTURE_SHARD, from: "TRIM_HORIZON" });
  await expect(records.rowWithKey("e2e-text")).toContainText("device-7 temp=21.4C");
  await expect(records.rowWithKey("e2e-binary")).toHaveAttribute("data-format", "binary");
  await records.open("e2e-binary");
  await expect(records.drawer.getByTestId("payload-hex")).toContainText("00 ff 10 80 7f 01 02 03");
  await page.keyboard.press("Escape");

  // Forcing the hex decoder shows even text as a dump.
  await records.read({ shard: FIXTURE_SHARD, from: "TRIM_HORIZON", decoder: "hex" });
  await expect(page).toHaveURL(/decoder=hex/);
  await expect(records.rowWithKey("e2e-text")).toHaveAttribute("data-format", "binary");
});

test("reading from a sequence number, and bad positions get clear errors", async ({ page }) => {
  const records = new RecordsPage(page);
  await records.goto("orders", { shard: FIXTURE_SHARD, from: "TRIM_HORIZON" });
  await records.open(FIXTURES.json.partitionKey);
  const seq = (await records.drawer.getByTestId("detail-sequence-number").textContent())?.trim() ?? "";
  expect(seq).toMatch(/^\d+$/);
  await page.keyboard.press("Escape");

  await records.read({ shard: FIXTURE_SHARD, from: "AT_SEQUENCE_NUMBER", at: seq });
  await expect(records.rows.first()).toContainText(FIXTURES.json.partitionKey);

  await records.read({ shard: FIXTURE_SHARD, from: "AT_SEQUENCE_NUMBER", at: "12ab" });
  await expect(page.getByTestId("error-panel")).toContainText("decimal number");

  const future = new Date(Date.now() + 86_400_000).toISOString();
  await records.read({ shard: FIXTURE_SHARD, from: "AT_TIMESTAMP", at: future });
  await expect(page.getByTestId("error-panel")).toContainText("in the future");
});
