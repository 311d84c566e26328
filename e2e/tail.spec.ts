import { expect, test } from "@playwright/test";
import { kinesis, putJson } from "./fixtures/services";
import { TailPage } from "./pages/tail-page";

const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

test("records put while the tail is open appear, decoded, with per-shard stats", async ({ page }) => {
  const tail = new TailPage(page);
  await tail.goto("orders");
  await tail.waitLive();
  const client = kinesis();
  const run = unique();
  const put = await putJson(client, "orders", `tail-${run}`, { orderId: `o-${run}`, total: 12.5 });
  await expect(tail.row(`tail-${run}`)).toBeVisible();
  await expect(tail.row(`tail-${run}`)).toContainText(`"orderId":"o-${run}"`);
  await expect(tail.row(`tail-${run}`)).toContainText(put.shardId);
  await expect(page.getByTestId("tail-stats-row")).toHaveCount(4);
  // Shardscope's own read budget use is shown per shard.
  await expect(page.getByTestId("tail-stats")).toContainText("/ 5 calls/s");
  await tail.row(`tail-${run}`).click();
  await expect(page.getByTestId("detail-sequence-number")).toHaveText(put.sequenceNumber);
  client.destroy();
});

test("pause keeps arrivals aside and resume shows them", async ({ page }) => {
  const tail = new TailPage(page);
  await tail.goto("payments");
  await tail.waitLive();
  const client = kinesis();
  const run = unique();
  await putJson(client, "payments", `before-${run}`, { n: 1 });
  await expect(tail.row(`before-${run}`)).toBeVisible();
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(tail.connection).toHaveText("paused");
  await putJson(client, "payments", `during-${run}`, { n: 2 });
  await expect(page.getByTestId("tail-parked")).toHaveText("1 waiting");
  await expect(tail.row(`during-${run}`)).toHaveCount(0);
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(tail.row(`during-${run}`)).toBeVisible();
  await expect(tail.connection).toHaveText("live");
  client.destroy();
});

test("a server-side filter narrows the rows, and a copied URL reproduces the view", async ({ page, context }) => {
  const tail = new TailPage(page);
  await tail.goto("orders");
  await tail.waitLive();
  const run = unique();
  await page.getByLabel("Expression filter").fill(`total > 100 and run == "${run}"`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/expr=/);
  await tail.waitLive();
  const client = kinesis();
  for (const total of [50, 150, 250]) await putJson(client, "orders", `f-${run}-${total}`, { run, total });
  await expect(tail.rows).toHaveCount(2);
  await expect(tail.row(`f-${run}-150`)).toBeVisible();
  await expect(tail.row(`f-${run}-250`)).toBeVisible();
  await expect(page.getByTestId("tail-scanned")).toContainText("matched 2");

  // A bad expression is caught before it is sent.
  await page.getByLabel("Expression filter").fill("total >");
  await expect(page.getByTestId("filter-error")).toContainText("The expression is not valid");
  await expect(page.getByRole("button", { name: "Apply" })).toBeDisabled();

  // The same URL in a new tab shows the same view, from the same start.
  const copied = page.url();
  const other = await context.newPage();
  const tail2 = new TailPage(other);
  await other.goto(copied);
  await tail2.waitLive();
  await expect(other.getByLabel("Expression filter")).toHaveValue(`total > 100 and run == "${run}"`);
  await putJson(client, "orders", `f-${run}-999`, { run, total: 999 });
  await putJson(client, "orders", `f-${run}-1`, { run, total: 1 });
  await expect(tail2.row(`f-${run}-999`)).toBeVisible();
  await expect(tail2.row(`f-${run}-1`)).toHaveCount(0);
  client.destroy();
});

test("a tail from TRIM_HORIZON on chosen shards, and a clear error for a bad start", async ({ page }) => {
  const tail = new TailPage(page);
  await tail.goto("telemetry", "?from=TRIM_HORIZON&shards=shardId-000000000000");
  await expect(tail.row("e2e-kpl-aggregate")).toBeVisible();
  await expect(tail.row("e2e-text")).toBeVisible();
  await expect(page.getByTestId("tail-stats-row")).toHaveCount(1);
  await expect(page.getByLabel("shardId-000000000000")).toBeChecked();

  await tail.goto("telemetry", "?from=AT_SEQUENCE_NUMBER&at=123");
  await expect(page.getByTestId("error-panel")).toContainText("choose exactly one shard");
  await expect(tail.connection).toHaveText("failed");
});

test("export downloads the records on screen as NDJSON", async ({ page }) => {
  const tail = new TailPage(page);
  await tail.goto("telemetry", "?from=TRIM_HORIZON&shards=shardId-000000000000");
  await expect(tail.row("e2e-text")).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export NDJSON" }).click()]);
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as { partitionKey: string; text?: string });
  const count = Number(await page.getByTestId("tail-row-count").textContent());
  expect(lines).toHaveLength(count);
  expect(lines.find((l) => l.partitionKey === "e2e-text")?.text).toBe("device-7 temp=21.4C");
});

test("enhanced fan-out reads through Shardscope's own consumer without spending the shard's read budget", async ({ page, request }) => {
  const tail = new TailPage(page);
  await tail.goto("clickstream");
  await page.getByLabel("Enhanced fan-out").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/efo=1/);
  await tail.waitLive();
  await expect(page.getByTestId("budget-use").first()).toHaveText("none: enhanced fan-out");
  const details = await (await request.get("/api/streams/clickstream/details")).json();
  expect(details.consumers.map((c: { name: string; status: string }) => c.status)).toContain("ACTIVE");
  expect(details.consumers.some((c: { name: string }) => c.name.startsWith("shardscope-"))).toBe(true);

  const client = kinesis();
  const run = unique();
  await putJson(client, "clickstream", `efo-${run}`, { page: "/efo", run });
  await expect(tail.row(`efo-${run}`)).toBeVisible();
  client.destroy();

  // A consumer that does not exist is a clear error, not a hang.
  await tail.goto("clickstream", "?consumer=nobody-registered-this");
  await expect(page.getByTestId("error-panel")).toContainText("No consumer named nobody-registered-this");
});
