import { expect, test } from "@playwright/test";
import { StreamsPage } from "./pages/streams-page";

const DEMO_STREAMS = ["clickstream", "orders", "payments", "sensors", "telemetry"];

test("the streams list shows every demo stream with its details and the local target", async ({ page }) => {
  const streams = new StreamsPage(page);
  await streams.goto();
  await expect(streams.rows).toHaveCount(5);
  expect(await streams.names()).toEqual(DEMO_STREAMS);
  // Summaries load lazily, row by row.
  await expect(streams.row("orders")).toContainText("ACTIVE");
  await expect(streams.row("orders")).toContainText("PROVISIONED");
  await expect(streams.row("clickstream")).toContainText("ON_DEMAND");
  await expect(streams.row("payments").getByRole("cell").nth(5)).toHaveText("2");
  await expect(page.getByTestId("target")).toContainText("local emulator");
  await expect(page.getByTestId("region-switcher-value")).toHaveText("us-east-1");
  await expect(page.getByTestId("target-switcher-value")).toHaveText("local");
  await expect(page.getByTestId("target-account")).toHaveText("local");
  await expect(page.getByTestId("target-endpoint")).toContainText("http://127.0.0.1:");
});

test("filtering and sorting the streams list is kept in the URL", async ({ page }) => {
  const streams = new StreamsPage(page);
  await streams.goto();
  await expect(streams.rows).toHaveCount(5);
  await streams.filter.fill("tele");
  await expect(streams.rows).toHaveCount(1);
  await expect(page).toHaveURL(/\?q=tele/);
  await streams.filter.fill("");
  await expect(streams.rows).toHaveCount(5);

  // Wait for every summary, then sort by open shards, most first.
  for (const name of DEMO_STREAMS) await expect(streams.row(name)).toContainText("ACTIVE");
  await page.getByRole("button", { name: "Open shards" }).click();
  // The second click toggles the direction the URL holds: wait for the first to land there.
  await expect(page).toHaveURL(/sort=openShardCount/);
  await page.getByRole("button", { name: /Open shards/ }).click();
  await expect(page).toHaveURL(/sort=openShardCount&dir=desc/);
  const names = await streams.names();
  // orders and clickstream have 4 open shards, payments and telemetry 2, sensors 1; ties break by name.
  expect(names).toEqual(["clickstream", "orders", "payments", "telemetry", "sensors"]);

  // A copied link reproduces the view.
  await page.goto("/?q=pay");
  await expect(streams.rows).toHaveCount(1);
  await expect(streams.row("payments")).toBeVisible();
});

test("every page has the Shardscope icon as its favicon", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  expect(await icon.text()).toContain("<title>Shardscope</title>");
});
