// Input defects answered by the real server (`next start` with its proxy): malformed
// percent-encoding, unknown API paths, methods a route does not serve, signed record cursors, and
// the tail's expression filter (checked as typed, failures reported once while tailing).
import { expect, test } from "@playwright/test";
import { kinesis, putJson } from "./fixtures/services";
import { FIXTURE_SHARD } from "./fixtures/seed";
import { RecordsPage } from "./pages/records-page";
import { TailPage } from "./pages/tail-page";

test("malformed percent-encoding is a 400: JSON for the API, a readable page for people", async ({ request }) => {
  for (const path of ["/api/streams/%ZZ", "/api/streams/%ZZ/records?shardId=shardId-000000000000", "/api/streams/%E0%A4/tail"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid_input", message: expect.stringMatching(/^The address is not valid: “%(ZZ|E0%A4)” is not valid percent-encoding/) },
    });
  }
  for (const path of ["/streams/%ZZ", "/streams/%ZZ/tail"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(400);
    expect(res.headers()["content-type"]).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toMatch(/^Bad request\n\nThe address is not valid: “%ZZ”/);
  }
});

test("an unknown API path is a JSON 404 and an unserved method a JSON 405 with Allow", async ({ request }) => {
  const unknown = await request.get("/api/streams/orders/nope");
  expect(unknown.status()).toBe(404);
  // The short path is served as the default scope's (/api/t/local/us-east-1/streams/orders/nope).
  expect(await unknown.json()).toEqual({ error: { code: "not_found", message: expect.stringContaining("/streams/orders/nope") } });
  const del = await request.delete("/api/streams/orders");
  expect(del.status()).toBe(405);
  expect(del.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
  expect(await del.json()).toEqual({
    error: { code: "method_not_allowed", message: "DELETE is not allowed on /api/t/local/us-east-1/streams/orders; it answers GET, HEAD, OPTIONS." },
  });
  const put = await request.put("/api/streams/orders/records", { data: {} });
  expect(put.status()).toBe(405);
  expect(put.headers()["allow"]).toBe("GET, HEAD, OPTIONS, POST");
});

test("a signed cursor pages on; one altered or moved to another stream is a 400", async ({ request, page }) => {
  const first = await request.get(`/api/streams/orders/records?shardId=${FIXTURE_SHARD}&limit=1`);
  const { cursor } = (await first.json()) as { cursor: string };
  expect(cursor).toMatch(/\.[\w-]{32}$/);
  expect((await request.get(`/api/streams/orders/records?shardId=${FIXTURE_SHARD}&limit=1&cursor=${encodeURIComponent(cursor)}`)).status()).toBe(200);
  const moved = await request.get(`/api/streams/payments/records?shardId=${FIXTURE_SHARD}&cursor=${encodeURIComponent(cursor)}`);
  expect(moved.status()).toBe(400);
  expect((await moved.json()).error.message).toMatch(/^The cursor belongs to another stream or shard/);
  const altered = await request.get(`/api/streams/orders/records?shardId=${FIXTURE_SHARD}&cursor=${encodeURIComponent(`x${cursor}`)}`);
  expect(altered.status()).toBe(400);

  // The record browser passes its cursors back untouched: Load more keeps reading.
  const records = new RecordsPage(page);
  await records.goto("orders");
  await records.read({ shard: FIXTURE_SHARD, from: "TRIM_HORIZON" });
  await expect(records.rows.first()).toBeVisible();
  const before = Number(await page.getByTestId("record-count").textContent());
  await page.getByTestId("load-more").click();
  await expect(page.getByTestId("load-more")).toHaveText("Load more");
  await expect(page.getByTestId("error-panel")).toHaveCount(0);
  expect(Number(await page.getByTestId("record-count").textContent())).toBeGreaterThanOrEqual(before);
});

test("the expression filter refuses what cannot run as it is typed, and reports failures while tailing", async ({ page }) => {
  const tail = new TailPage(page);
  await tail.goto("orders");
  await tail.waitLive();
  const expr = page.getByLabel("Expression filter");
  await expr.fill(`${"-".repeat(100)}1 > 0`);
  await expect(page.getByTestId("filter-error")).toHaveText(/too deeply nested/);
  await expr.fill("foo(total) > 1");
  await expect(page.getByTestId("filter-error")).toContainText("The expression calls foo(), which does not exist");
  await expr.fill('note ~= "(["');
  await expect(page.getByTestId("filter-error")).toContainText('The regular expression "([" after ~= is not valid');
  await expect(page.getByRole("button", { name: "Apply" })).toBeDisabled();

  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await expr.fill(`run == "${run}" and label > 5`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/expr=/);
  await tail.waitLive();
  const client = kinesis();
  await putJson(client, "orders", `bad-${run}`, { run, label: "seven" });
  await expect(page.getByTestId("error-panel")).toHaveAttribute("data-code", "filter_failed");
  await expect(page.getByTestId("error-panel")).toContainText("Expected a number, but got a text instead.");
  await putJson(client, "orders", `good-${run}`, { run, label: 9 });
  await expect(tail.row(`good-${run}`)).toBeVisible();
  client.destroy();
});
