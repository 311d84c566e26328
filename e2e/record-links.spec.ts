// The record browser's links and actions in Chromium against the real kinesis-local: a URL for each
// record that survives a reload, the put result's link opening the record highlighted, "Put a
// copy" and "Tail from here", JSON fields as columns, copying through the real clipboard, and a
// large record as a preview with its full payload loaded on demand. axe checks each new state.
import AxeBuilder from "@axe-core/playwright";
import { PutRecordCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import type { Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures/kinesis";
import { PutPage } from "./pages/put-page";
import { RecordsPage } from "./pages/records-page";
import { TailPage } from "./pages/tail-page";

test.use({ viewport: { width: 1440, height: 900 } });

async function expectNoSeriousViolations(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    what,
  ).toEqual([]);
}

const SHARD = "shardId-000000000000";
const query = (page: Page) => new URL(page.url()).searchParams;

async function putOrders(client: KinesisClient, stream: string, n: number) {
  const seqs: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = { orderId: `o-${i}`, amount: 10 + i, customer: { id: `c-${i}`, address: { city: "Oslo", geo: { lat: 59.9 } } } };
    const out = await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: `cust-${i}`, Data: Buffer.from(JSON.stringify(body)) }));
    seqs.push(out.SequenceNumber!);
  }
  return seqs;
}

test("open a record: the URL has its seq, and a reload opens the same record; JSON fields as columns survive it", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("rec-url", 1);
  const seqs = await putOrders(kinesis.client, stream, 5);
  const records = new RecordsPage(page);
  await records.goto(stream, { shard: SHARD, from: "TRIM_HORIZON" });
  await expect(records.rows).toHaveCount(5);

  // No Shard column; the payload gets the rest of a 1440 px screen.
  await expect(page.getByRole("columnheader")).toHaveText(["Sequence number", "Partition key", "Arrival (UTC)", "Size", "Payload"]);
  const payloadWidth = await records.rows
    .first()
    .getByTestId("payload-cell")
    .evaluate((el) => el.getBoundingClientRect().width);
  expect(payloadWidth).toBeGreaterThan(700);
  const cell = records.rows.first().getByTestId("payload-cell");
  // At least 90 characters of payload show on one line (it was about 20 before).
  const charsShown = await cell.evaluate((el) => {
    const probe = document.createElement("span");
    probe.textContent = "x".repeat(100);
    el.appendChild(probe);
    const perChar = probe.getBoundingClientRect().width / 100;
    probe.remove();
    return Math.floor(el.clientWidth / perChar);
  });
  expect(charsShown).toBeGreaterThanOrEqual(90);

  // JSON fields as columns, nested ones by dotted path.
  await page.getByText("JSON fields as columns").click();
  await expectNoSeriousViolations(page, "field picker open");
  await page.getByLabel("customer.id", { exact: true }).check();
  await page.getByLabel("amount", { exact: true }).check();
  await expect(page).toHaveURL(/cols=customer\.id%2Camount/);
  await expect(records.rows.nth(2).getByTestId("field-cell")).toHaveText(["c-2", "12"]);

  await records.rows.nth(3).click();
  await expect(records.drawer.getByTestId("detail-sequence-number")).toHaveText(seqs[3]!);
  expect(query(page).get("seq")).toBe(seqs[3]);
  expect(query(page).get("shard")).toBe(SHARD);
  // Nested JSON open two levels deep, deeper levels folded; hex folded since JSON decoded.
  const tree = records.drawer.getByTestId("json-tree");
  await expect(tree.locator("details").nth(1)).toHaveAttribute("open", "");
  await expect(tree.locator("details").nth(2)).not.toHaveAttribute("open");
  await expect(records.drawer.getByTestId("raw-hex-section")).not.toHaveAttribute("open");
  await expectNoSeriousViolations(page, "record detail open");

  await page.reload();
  await expect(records.drawer.getByTestId("detail-sequence-number")).toHaveText(seqs[3]!);
  await expect(records.rowWithKey("cust-3")).toHaveAttribute("data-highlighted", "true");
  await expect(page.getByTestId("field-header")).toHaveText(["customer.id", "amount"]);

  // Copy as JSON through the real clipboard, with a visible confirmation.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await records.drawer.getByRole("button", { name: "Copy as JSON" }).click();
  await expect(records.drawer.getByRole("status")).toHaveText("Copied the record as JSON.");
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as Record<string, unknown>;
  expect(copied).toMatchObject({ shardId: SHARD, sequenceNumber: seqs[3], partitionKey: "cust-3", payload: { orderId: "o-3", amount: 13 } });

  await page.keyboard.press("Escape");
  await expect(records.drawer).toBeHidden();
  expect(query(page).get("seq")).toBeNull();
});

test("a record put from the form: its result link opens it highlighted; Put a copy writes the same record again", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("rec-put", 2);
  const put = new PutPage(page);
  await put.goto(stream);
  await put.compose({ key: "e2e-link", encoding: "json", data: '{"orderId":"e2e-link-1","total":5}' });
  await put.sendAndWait();
  const link = put.resultRows.first().getByTestId("result-sequence-number");
  const shard = (await put.resultRows.first().getAttribute("data-shard")) ?? "";
  await link.click();

  const records = new RecordsPage(page);
  await expect(page).toHaveURL(new RegExp(`/streams/${stream}/records\\?`));
  const seq = query(page).get("seq") ?? "";
  expect(seq).toMatch(/^\d{20,}$/);
  expect(query(page).get("shard")).toBe(shard);
  await expect(records.drawer.getByTestId("detail-sequence-number")).toHaveText(seq);
  const row = page.locator(`[data-testid="record-row"][data-seq="${seq}"]`);
  await expect(row).toHaveAttribute("data-highlighted", "true");
  await expect(row).toHaveAttribute("aria-current", "true");
  await expectNoSeriousViolations(page, "record opened from a put result");

  await records.drawer.getByRole("link", { name: "Put a copy" }).click();
  await expect(page).toHaveURL(new RegExp(`/streams/${stream}/put\\?`));
  await expect(put.key).toHaveValue("e2e-link");
  await expect(put.encoding).toHaveValue("json");
  await expect(put.data).toHaveValue('{"orderId":"e2e-link-1","total":5}');
  await expect(page.getByTestId("error-data")).toHaveCount(0);
  await expectNoSeriousViolations(page, "put form prefilled");
  await put.sendAndWait();
  const stored = await kinesis.readAll(stream);
  expect(stored.map((r) => [r.PartitionKey, Buffer.from(r.Data ?? []).toString("utf8")])).toEqual([
    ["e2e-link", '{"orderId":"e2e-link-1","total":5}'],
    ["e2e-link", '{"orderId":"e2e-link-1","total":5}'],
  ]);
});

test("Tail from here lands on the tail page reading that shard from that record", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("rec-tail", 2);
  const seqs = await putOrders(kinesis.client, stream, 4);
  const shard = (await kinesis.readAll(stream)).find((r) => r.SequenceNumber === seqs[1])!.ShardId!;
  const records = new RecordsPage(page);
  await records.goto(stream, { shard, seq: seqs[1]! });
  await expect(records.drawer.getByTestId("detail-sequence-number")).toHaveText(seqs[1]!);
  await records.drawer.getByRole("link", { name: "Tail from here" }).click();

  await expect(page).toHaveURL(new RegExp(`/streams/${stream}/tail\\?`));
  expect(Object.fromEntries(query(page))).toEqual({ from: "AT_SEQUENCE_NUMBER", at: seqs[1], shards: shard });
  const tail = new TailPage(page);
  await tail.waitLive();
  await expect(page.getByLabel("Start position")).toHaveValue("AT_SEQUENCE_NUMBER");
  await expect(page.getByLabel("Sequence number")).toHaveValue(seqs[1]!);
  // From that record on: it and the later ones of its shard, none before it.
  await expect(tail.row("cust-1")).toHaveCount(1);
  await expect(tail.row("cust-0")).toHaveCount(0);
  await expectNoSeriousViolations(page, "tail from a record");
});

test("a large record is a preview in the table; its full payload loads on demand, a chunk at a time", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("rec-big", 1);
  const big = { items: Array.from({ length: 12_000 }, (_, i) => ({ i, label: `item-${i}` })) };
  const bytes = Buffer.from(JSON.stringify(big));
  expect(bytes.length).toBeGreaterThan(300_000);
  await kinesis.client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: "big-one", Data: bytes }));
  const records = new RecordsPage(page);
  await records.goto(stream, { shard: SHARD, from: "TRIM_HORIZON" });
  const row = records.rowWithKey("big-one");
  await expect(row).toContainText("preview");
  await records.open("big-one");
  await expect(records.drawer.getByTestId("truncated-notice")).toBeVisible();
  expect((await records.drawer.getByTestId("payload-preview").textContent())!.length).toBe(64 * 1024);
  await expectNoSeriousViolations(page, "large record preview");
  await records.drawer.getByRole("button", { name: "Load full payload" }).click();
  await expect(records.drawer.getByTestId("full-loaded")).toBeVisible();
  await expect(records.drawer.getByTestId("payload-chunk-status")).toContainText("64 KiB");
  await records.drawer.getByRole("button", { name: /Show the next/ }).click();
  await expect(records.drawer.getByTestId("payload-chunk-status")).toContainText("128 KiB");
  const download = page.waitForEvent("download");
  await records.drawer.getByRole("button", { name: "Download payload" }).click();
  const file = await download;
  const saved = await file.path();
  expect((await readFile(saved)).equals(bytes)).toBe(true);
  await expectNoSeriousViolations(page, "large record loaded");
});
