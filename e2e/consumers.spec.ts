// Consumers in the browser, against kinesis-local and moto's DynamoDB seeded by the spec playing
// AWS's part: a KCL application (multi-stream lease table, as the KCL's serializers write it) read
// a stream, checkpointed the second of four records it really read, then its worker went away
// while the stream was split: the parent's lease is unowned and never reaches SHARD_END, so the
// children are blocked. The tab, the picture, /consumers and the wall must all say so.
import { DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, SplitShardCommand } from "@aws-sdk/client-kinesis";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { expect, test } from "@playwright/test";
import path from "node:path";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "@/scripts/lib/kinesis-client";
import { createLeaseTable, writeLeases } from "@/scripts/lib/kcl-lease-items";
import { expectNoSeriousViolations } from "./fixtures/a11y";
import { Aws, shardId, uniqueName } from "./fixtures/cloudwatch";
import { e2eServices } from "./fixtures/services";

const MAX_HASH = 340282366920938463463374607431768211455n;
const stream = uniqueName("cons");
const app = uniqueName("resharded");
const consumerId = `kcl:${app}/${stream}`;
let aws: Aws;
let ddb: DynamoDBClient;
let checkpoint = "";

test.beforeAll(async () => {
  aws = new Aws();
  ddb = new DynamoDBClient({ endpoint: e2eServices().cloudwatchEndpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
  await aws.createStream(stream, 1);
  for (let i = 0; i < 4; i++) await aws.putRecord(stream, `cons-${i}`, { n: i }, "0");
  // The application reads the shard as a record processor would, and checkpoints the second record.
  const it = await aws.kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId(0), ShardIteratorType: "TRIM_HORIZON" }));
  const records = (await aws.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }))).Records ?? [];
  expect(records.map((r) => r.PartitionKey)).toEqual(["cons-0", "cons-1", "cons-2", "cons-3"]);
  checkpoint = records[1]!.SequenceNumber!;
  await aws.kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: shardId(0), NewStartingHashKey: (MAX_HASH / 2n).toString() }));
  await waitUntilActive(aws.kinesis, stream);
  const children = ((await aws.kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? []).filter((s) => s.ParentShardId === shardId(0));
  expect(children).toHaveLength(2);
  // KCL 2.x multi-stream: the StreamIdentifier `account:stream:creationEpochSeconds` names the stream.
  const summary = (await aws.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary!;
  const id = `${summary.StreamARN!.split(":")[4]}:${stream}:${Math.floor(summary.StreamCreationTimestamp!.getTime() / 1000)}`;
  await createLeaseTable(ddb, app);
  await writeLeases(ddb, app, [
    { leaseKey: `${id}:${shardId(0)}`, streamIdentifier: id, shardId: shardId(0), counter: 9, checkpoint, children: children.map((c) => c.ShardId!) },
    ...children.map((c) => ({
      leaseKey: `${id}:${c.ShardId!}`,
      streamIdentifier: id,
      shardId: c.ShardId!,
      counter: 0,
      checkpoint: "TRIM_HORIZON",
      parents: [shardId(0)],
    })),
  ]);
});

test.afterAll(async () => {
  // The application goes with its stream: a lease table naming a deleted stream is another story.
  await ddb?.send(new DeleteTableCommand({ TableName: app })).catch(() => undefined);
  ddb?.destroy();
  await aws?.close();
});

const row = (page: import("@playwright/test").Page) => page.locator(`[data-testid="consumer-row"][data-consumer="${consumerId}"]`);

test("the Consumers tab shows the application critical, blocked after the reshard, with its worst lag and shard", async ({ page }) => {
  await page.goto(`/streams/${stream}`);
  await page.getByRole("navigation", { name: "Stream sections" }).getByRole("link", { name: "Consumers" }).click();
  await expect(page).toHaveURL(new RegExp(`/streams/${stream}/consumers$`));
  await expect(row(page)).toHaveAttribute("data-health", "critical");
  await expect(row(page).getByTestId("consumer-reasons")).toContainText("blocked after reshard: waiting for parent shardId-000000000000");
  await expect(row(page).getByTestId("consumer-reasons")).toContainText("unowned lease");
  await expect(row(page).getByTestId("consumer-lag")).toHaveText(/^\d+ s on shardId-000000000000$/);
  await expect(page.getByTestId("consumers-usage")).toContainText(/lag is measured every 3 s and shared by every viewer/);
  await expect(page.getByTestId("consumer-source-failed")).toHaveCount(0);
  await expectNoSeriousViolations(page, "consumers tab");
});

test("the pipeline picture colours the application by health, and its box opens and focuses the row", async ({ page }) => {
  await page.goto(`/streams/${stream}/consumers`);
  const box = page.locator(`[data-testid="pipeline-box"][data-consumer="${consumerId}"]`);
  await expect(box).toHaveAttribute("data-health", "critical");
  await expect(box.locator("rect")).toHaveAttribute("stroke", "#b91c1c");
  await expect(box).toContainText(`KCL · ${app}`.slice(0, 24));
  await expect(page.getByTestId("pipeline-text")).toContainText(`KCL application ${app}, 0 workers: critical`);
  await box.click();
  const toggle = row(page).getByTestId("consumer-toggle");
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByTestId("consumer-shard")).toHaveCount(3);
});

test("a row opens from the keyboard, per shard, and its checkpoint opens the record browser at the next record to process", async ({ page }) => {
  await page.goto(`/streams/${stream}/consumers`);
  const toggle = row(page).getByTestId("consumer-toggle");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const parent = page.locator(`[data-testid="consumer-shard"][data-shard="${shardId(0)}"]`);
  await expect(parent).toContainText("unowned lease");
  await expect(page.locator(`[data-testid="consumer-shard"][data-shard="${shardId(1)}"]`)).toContainText("waiting for parent");
  await expectNoSeriousViolations(page, "consumers tab, row open");
  await page.screenshot({ path: path.join(__dirname, "..", ".test-output", "screenshots", "consumers-tab-open-1280.png"), fullPage: true });
  await parent.getByTestId("checkpoint-link").click();
  await expect(page).toHaveURL(new RegExp(`/streams/${stream}/records\\?shard=${shardId(0)}&from=AFTER_SEQUENCE_NUMBER&at=${checkpoint}$`));
  const rows = page.getByTestId("record-row");
  await expect(rows.first()).toContainText("cons-2");
  await expect(rows).toHaveCount(2);
});

test("/consumers lists it with its stream, filters by name, kind and health, and links to the stream's tab", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("banner").getByRole("link", { name: "Consumers" }).click();
  await expect(page).toHaveURL(/\/consumers$/);
  const mine = page.locator(`[data-testid="consumer-row"][data-consumer="${consumerId}"]`);
  await expect(mine).toHaveAttribute("data-stream", stream);
  await page.getByTestId("consumers-filter-text").fill(app);
  await expect(page.getByTestId("consumer-row")).toHaveCount(1);
  await page.getByTestId("consumers-filter-health").selectOption("ok");
  await expect(page.getByTestId("consumer-row")).toHaveCount(0);
  await page.getByTestId("consumers-filter-health").selectOption("critical");
  await page.getByTestId("consumers-filter-kind").selectOption("kcl");
  await expect(page.getByTestId("consumer-row")).toHaveCount(1);
  await expect(page).toHaveURL(/[?&]health=critical/);
  await expectNoSeriousViolations(page, "/consumers");
  await mine.getByTestId("consumer-stream").click();
  await expect(page).toHaveURL(new RegExp(`/streams/${stream}/consumers$`));
});

test("the wall's tile names the worst consumer with its lag, and turns critical because of it", async ({ page }) => {
  await page.goto(`/monitor?streams=${stream}`);
  const tile = page.locator(`[data-testid="monitor-tile"][data-stream="${stream}"]`);
  await expect(tile.getByTestId("tile-consumer-name")).toHaveText(app, { timeout: 30_000 });
  await expect(tile).toHaveAttribute("data-state", "critical");
  await expect(tile.getByTestId("tile-reasons")).toContainText(`consumer ${app} is critical: `);
  await expect(tile.getByTestId("tile-consumer-lag")).toHaveText(/^\d+ s$/);
  await expectNoSeriousViolations(page, "monitor with a consumer");
  await page.goto(`/monitor?streams=${stream}&kiosk=1`);
  await expect(tile.getByTestId("tile-consumer-name")).toHaveText(app);
  await expectNoSeriousViolations(page, "monitor kiosk with a consumer");
});
