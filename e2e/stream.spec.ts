import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { expect, test } from "./fixtures/kinesis";

test("a resharded stream shows its shards, lineage and shard map", async ({ page }) => {
  await page.goto("/streams/payments");
  await expect(page.getByTestId("stream-title")).toHaveText("payments");
  await expect(page.getByTestId("stream-summary")).toContainText("arn:aws:kinesis:us-east-1:");
  await expect(page.getByTestId("open-shard-count")).toHaveText("2");
  await expect(page.getByTestId("stream-tags")).toContainText("team");

  const rows = page.getByTestId("shard-row");
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId("shard-counts")).toHaveText("3 shards: 2 open, 1 closed");
  const parent = page.locator('[data-testid="shard-row"][data-shard="shardId-000000000000"]');
  await expect(parent).toContainText("closed");
  for (const child of ["shardId-000000000001", "shardId-000000000002"]) {
    const row = page.locator(`[data-testid="shard-row"][data-shard="${child}"]`);
    await expect(row).toContainText("open");
    // The parent column names the split shard.
    await expect(row.getByRole("cell").nth(2)).toHaveText("shardId-000000000000");
  }

  const map = page.getByTestId("shard-map");
  await expect(map.getByTestId("shard-map-box")).toHaveCount(3);
  await expect(map.locator('[data-testid="shard-map-box"][data-open="true"]')).toHaveCount(2);
  await expect(map.locator("path.link")).toHaveCount(2);
  // Each child covers half of the key space.
  await expect(map.locator('[data-shard="shardId-000000000001"]')).toContainText("50.0%");

  // Clicking a shard in the map highlights its row.
  await map.locator('[data-shard="shardId-000000000002"]').click();
  await expect(map.locator('[data-shard="shardId-000000000002"] rect')).toHaveClass(/selected/);
});

test("a provisioned stream with four shards draws four open boxes side by side", async ({ page }) => {
  await page.goto("/streams/orders");
  const map = page.getByTestId("shard-map");
  await expect(map.locator('[data-testid="shard-map-box"][data-open="true"]')).toHaveCount(4);
  await expect(page.getByTestId("stream-mode")).toHaveText("PROVISIONED");
});

test("a stream's summary shows its maximum record size (kinesis-local gives none: Kinesis' default, 1 MiB)", async ({ page }) => {
  await page.goto("/streams/orders");
  await expect(page.getByTestId("stream-summary")).toContainText("Maximum record size");
  await expect(page.getByTestId("max-record-size")).toHaveText("1 MiB");
});

test("the shard map colours the hot shard by the traffic Shardscope observes, and Tab and Enter select a shard", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("heat", 2);
  await page.goto(`/streams/${stream}`);
  const map = page.getByTestId("shard-map");
  await expect(map.getByTestId("shard-map-box")).toHaveCount(2);
  // No shard-level metrics on this stream: Shardscope observes the traffic itself.
  await expect(page.getByTestId("observe-traffic")).toHaveAttribute("aria-pressed", "true");
  // Records for the upper half of the key space only: the second shard is the hot one.
  const upper = (2n ** 127n + 5n).toString();
  const deadline = Date.now() + 20_000;
  const hot = map.locator('[data-shard="shardId-000000000001"]');
  while (Date.now() < deadline && (await hot.getAttribute("data-heat")) !== "1.00") {
    await kinesis.client.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `k${i}`, ExplicitHashKey: upper, Data: Buffer.from(`{"i":${i}}`) })),
      }),
    );
    await page.waitForTimeout(500);
  }
  await expect(hot).toHaveAttribute("data-heat", "1.00");
  await expect(map.locator('[data-shard="shardId-000000000000"]')).toHaveAttribute("data-heat", "0.00");
  await expect(page.getByTestId("shard-map-legend")).toContainText("observed live by Shardscope's own readers");

  // Keyboard: Tab reaches the shards, Enter selects one.
  await map.locator('[data-shard="shardId-000000000000"]').focus();
  await page.keyboard.press("Tab");
  await expect(hot).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(hot.locator("rect")).toHaveClass(/selected/);
});
