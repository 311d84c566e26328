import { expect, test } from "@playwright/test";

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
