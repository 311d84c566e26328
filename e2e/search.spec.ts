// The Search view against the built app and kinesis-local: a keyed search reads one shard of four
// with its progress and downloads every match as NDJSON; a search can be cancelled and says what
// it covered; matches replay into another stream, where a search finds them. axe on the view.
import { PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import fs from "node:fs";
import { expect, test } from "./fixtures/kinesis";
import { expectNoSeriousViolations } from "./fixtures/a11y";

const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

/** Writes `count` JSON records: every `every`-th one with `key`, the others with keys of their own. */
async function fill(client: KinesisClient, stream: string, run: string, key: string, count: number, every: number): Promise<void> {
  for (let i = 0; i < count; i += 500) {
    const records = Array.from({ length: Math.min(500, count - i) }, (_, j) => {
      const n = i + j;
      return { PartitionKey: n % every === 0 ? key : `other-${n}`, Data: Buffer.from(JSON.stringify({ run, n, total: n * 10 })) };
    });
    await client.send(new PutRecordsCommand({ StreamName: stream, Records: records }));
  }
}

test("a keyed search reads one shard of four, shows its progress and downloads every match", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("search", 4);
  const run = unique();
  const key = `customer-${run}`;
  await fill(kinesis.client, stream, run, key, 200, 50);

  await page.goto(`/streams/${stream}/search`);
  await page.getByLabel("Partition key filter").fill(key);
  await page.getByTestId("search-run").click();
  await expect(page).toHaveURL(new RegExp(`key=${key}`));
  await expect(page.getByTestId("search-plan")).toHaveText(new RegExp(`^Reading 1 of 4 shards: ${key} hashes to shardId-\\d+\\.$`));
  await expect(page.getByTestId("search-done")).toHaveAttribute("data-reason", "window");
  await expect(page.getByTestId("search-row")).toHaveCount(4);
  await expect(page.getByTestId("search-shard")).toHaveCount(1);
  await expect(page.getByTestId("search-shard")).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("search-matched")).toHaveText("4");
  await expect(page.getByTestId("search-covered")).toHaveText("100% of the window");
  // The record opens in the drawer, with a way to the record browser at its position.
  await page.getByTestId("search-row").first().click();
  await expect(page.getByTestId("open-in-browser")).toBeVisible();
  await page.keyboard.press("Escape");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("search-download").click()]);
  const lines = fs
    .readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const summary = lines.pop() as { done: { reason: string; matched: number } };
  expect(summary.done).toMatchObject({ reason: "window", matched: 4 });
  expect(lines.map((l) => l.partitionKey)).toEqual([key, key, key, key]);
  for (const l of lines) expect(l.sequenceNumber).toMatch(/^\d+$/);

  // Reopening the link runs the same search again.
  await page.reload();
  await expect(page.getByTestId("search-done")).toHaveAttribute("data-reason", "window");
  await expect(page.getByTestId("search-row")).toHaveCount(4);
  await expectNoSeriousViolations(page, "search view with results");
});

test("a search can be cancelled, and says how far it read", async ({ page, kinesis }) => {
  // Many shards, each read at the search's share of its budget: a few seconds in all.
  const stream = await kinesis.scratchStream("search-cancel", 48);
  await fill(kinesis.client, stream, unique(), "k", 3_000, 1_000_000);
  await page.goto(`/streams/${stream}/search?q=no-such-text&run=1`);
  await expect(page.getByTestId("search-phase")).toHaveText("searching…");
  await page.getByTestId("search-cancel").click();
  const done = page.getByTestId("search-done");
  await expect(done).toHaveAttribute("data-reason", "cancelled");
  await expect(done).toContainText(/^Cancelled: 0 matches in \d+ records read\. Read .* before you cancelled\.$/);
  await expect(page.getByTestId("search-phase")).toHaveText("cancelled");
});

test("matches replay into another stream, where a search finds them", async ({ page, kinesis }) => {
  const source = await kinesis.scratchStream("search-src", 2);
  const target = await kinesis.scratchStream("search-dst", 3);
  const run = unique();
  const key = `redrive-${run}`;
  await fill(kinesis.client, source, run, key, 90, 30);

  await page.goto(`/streams/${source}/search?key=${key}&run=1`);
  await expect(page.getByTestId("search-done")).toHaveAttribute("data-reason", "window");
  await expect(page.getByTestId("search-row")).toHaveCount(3);
  await page.getByLabel("Records to replay").selectOption("all");
  await page.getByTestId("replay-target").fill(target);
  await expect(page.getByTestId("replay-prediction")).toHaveText(new RegExp(`^Into ${target}: 3 → shardId-\\d+ \\(by each partition key's hash\\)\\.$`));
  await page.getByTestId("replay-send").click();
  await expect(page.getByTestId("replay-state")).toHaveAttribute("data-state", "done");

  const landed = (await kinesis.readAll(target)).filter((r) => r.PartitionKey === key);
  expect(landed).toHaveLength(3);
  expect(landed.map((r) => (JSON.parse(Buffer.from(r.Data!).toString()) as { n: number }).n).sort((a, b) => a - b)).toEqual([0, 30, 60]);
  // The predicted shard is where they went.
  const predicted = (await page.getByTestId("replay-prediction").textContent())!.match(/shardId-\d+/)![0];
  expect(new Set(landed.map((r) => r.ShardId))).toEqual(new Set([predicted]));

  await page.goto(`/streams/${target}/search?key=${key}&run=1`);
  await expect(page.getByTestId("search-done")).toHaveAttribute("data-reason", "window");
  await expect(page.getByTestId("search-row")).toHaveCount(3);
});
