// Several accounts and regions in one server (scripts/e2e-server.ts): target `local` (the
// kinesis-local with the demo streams, us-east-1, the default), `local-eu` (a second kinesis-local
// playing eu-west-1, whose `orders` has 2 shards where local's has 4; it offers eu-central-1 too,
// where it has no streams) and `broken-sso` (an SSO profile that never logged in). The top bar
// switches target and region with the mouse and with the keyboard, landing on the same page of
// the other scope; deep links load directly; today's short URLs mean the default scope; unknown
// scopes are 404s that say what is wrong; the wall shows streams of several targets, each tile
// labelled and linked to its own scope; a target with broken credentials says how to fix them.
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./fixtures/a11y";
import { BROKEN_SSO_PROFILE } from "./fixtures/services";

const ORDERS_US = "/t/local/us-east-1/streams/orders";
const ORDERS_EU = "/t/local-eu/eu-west-1/streams/orders";
const ORDERS_EU_CENTRAL = "/t/local-eu/eu-central-1/streams/orders";

/** The whole path, not a prefix of it: the page must land exactly there. */
const at = (path: string) => new RegExp(`^[^/]+//[^/]+${path.replace(/[?.]/g, "\\$&")}$`);

async function expectScope(page: Page, target: string, region: string) {
  await expect(page.getByTestId("target-switcher-value")).toHaveText(target);
  await expect(page.getByTestId("region-switcher-value")).toHaveText(region);
}

/** The orders stream's overview, with the shard count that tells the two kinesis-locals apart. */
async function expectOrders(page: Page, shards: number) {
  await expect(page.getByTestId("stream-title")).toContainText("orders");
  await expect(page.getByTestId("shard-row")).toHaveCount(shards);
}

test("with the mouse: the target switcher, then the region switcher, lead to the same page of the other scope", async ({ page }) => {
  await page.goto(ORDERS_US);
  await expectScope(page, "local", "us-east-1");
  await expectOrders(page, 4);

  await page.getByTestId("target-switcher").click();
  const targets = page.getByTestId("target-switcher-menu");
  await expect(targets.getByRole("menuitem")).toHaveCount(3);
  expect(await targets.getByRole("menuitem").evaluateAll((els) => els.map((e) => e.getAttribute("data-target")))).toEqual([
    "local",
    "local-eu",
    BROKEN_SSO_PROFILE,
  ]);
  // Each says where it leads: local-eu's only region is eu-west-1, so that is where the switch goes.
  await expect(targets.locator('[data-target="local-eu"]')).toContainText("local emulator · eu-west-1");
  await targets.locator('[data-target="local-eu"]').click();
  await expect(page).toHaveURL(at(ORDERS_EU));
  await expectScope(page, "local-eu", "eu-west-1");
  // The other kinesis-local's orders, not local's.
  await expectOrders(page, 2);

  await page.getByTestId("region-switcher").click();
  const regions = page.getByTestId("region-switcher-menu");
  expect(await regions.getByRole("menuitem").evaluateAll((els) => els.map((e) => e.getAttribute("data-region")))).toEqual(["eu-west-1", "eu-central-1"]);
  await regions.locator('[data-region="eu-central-1"]').click();
  await expect(page).toHaveURL(at(ORDERS_EU_CENTRAL));
  await expectScope(page, "local-eu", "eu-central-1");
  // Same account, other region: Kinesis (and kinesis-local) keep each region's streams apart.
  await expect(page.getByTestId("stream-not-found-message")).toContainText("No stream named “orders” in target local-eu, eu-central-1");
});

test("with the keyboard: Enter or Space opens a switcher, the arrows move, Enter goes", async ({ page }) => {
  await page.goto(ORDERS_US);
  await expectOrders(page, 4);

  await page.getByTestId("target-switcher").focus();
  await page.keyboard.press("Enter");
  const targets = page.getByTestId("target-switcher-menu");
  await expect(targets).toBeVisible();
  await expect(targets.getByRole("menuitem").first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(targets.getByRole("menuitem", { name: /^local-eu/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(at(ORDERS_EU));
  await expectScope(page, "local-eu", "eu-west-1");
  await expectOrders(page, 2);

  await page.getByTestId("region-switcher").focus();
  await page.keyboard.press("Space");
  const regions = page.getByTestId("region-switcher-menu");
  await expect(regions.getByRole("menuitem", { name: /^eu-west-1/ })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(regions.getByRole("menuitem", { name: /^eu-central-1/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(at(ORDERS_EU_CENTRAL));
  await expectScope(page, "local-eu", "eu-central-1");

  // And back to local: its only region is us-east-1, so that is where the switch lands.
  await page.getByTestId("target-switcher").focus();
  await page.keyboard.press("Enter");
  await expect(targets.getByRole("menuitem").first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(at(ORDERS_US));
  await expectOrders(page, 4);
});

test("a deep link to a scoped page loads it directly, in its scope", async ({ page }) => {
  const response = await page.goto(`${ORDERS_EU}/records`);
  expect(response?.status()).toBe(200);
  expect(response?.url()).toMatch(at(`${ORDERS_EU}/records`));
  await expectScope(page, "local-eu", "eu-west-1");
  await expect(page.getByTestId("stream-title")).toContainText("orders");

  await page.goto("/t/local-eu/eu-west-1");
  await expect(page.getByTestId("stream-row")).toHaveCount(3);
  expect(await page.getByTestId("stream-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-stream")))).toEqual(["invoices", "orders", "sensors"]);
  // Links inside the page stay in its scope.
  await page.locator('[data-testid="stream-row"][data-stream="invoices"]').click();
  await expect(page).toHaveURL(at("/t/local-eu/eu-west-1/streams/invoices"));
  await expect(page.getByTestId("shard-row")).toHaveCount(1);
});

test("today's short URLs redirect to the default scope, keeping the path and the query", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(at("/t/local/us-east-1"));
  await expect(page.locator('[data-testid="stream-row"][data-stream="payments"]')).toBeVisible();

  await page.goto("/streams/orders/tail?x=1");
  await expect(page).toHaveURL(at("/t/local/us-east-1/streams/orders/tail?x=1"));
  await expectScope(page, "local", "us-east-1");
});

test("the short API paths still answer JSON for the default target; the scoped ones for theirs", async ({ request }) => {
  const names = async (path: string) => {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"]).toContain("application/json");
    return ((await res.json()) as { streams: { name: string }[] }).streams.map((s) => s.name);
  };
  const short = await names("/api/streams");
  expect(short).toEqual(expect.arrayContaining(["clickstream", "orders", "payments", "telemetry"]));
  expect(short).not.toContain("invoices");
  expect(await names("/api/t/local/us-east-1/streams")).toEqual(short);
  expect((await names("/api/t/local-eu/eu-west-1/streams")).sort()).toEqual(["invoices", "orders", "sensors"]);
});

test("an unknown target, and a region the target does not offer, are 404 pages that say which", async ({ page }) => {
  let response = await page.goto("/t/nope/us-east-1/streams/orders");
  expect(response?.status()).toBe(404);
  const message = page.getByTestId("scope-not-found-message");
  await expect(message).toHaveText(`There is no target named “nope” on this server. Its targets: local, local-eu, ${BROKEN_SSO_PROFILE}.`);
  await expect(page.getByTestId("target-switcher")).toHaveCount(0);

  response = await page.goto("/t/local/eu-west-1/streams/orders");
  expect(response?.status()).toBe(404);
  await expect(message).toHaveText("Target “local” is not configured for region “eu-west-1”. Its regions: us-east-1.");
  await page.getByTestId("scope-not-found-back").click();
  await expect(page).toHaveURL(at("/t/local/us-east-1"));
  await expect(page.locator('[data-testid="stream-row"][data-stream="orders"]')).toBeVisible();
});

test("the wall across targets: two orders tiles, each labelled with its target and region and linked to its own metrics", async ({ page }) => {
  await page.goto("/monitor?streams=orders,local-eu:orders");
  // The redirect keeps the query (it may percent-encode its commas and colons).
  await expect(page).toHaveURL(/\/t\/local\/us-east-1\/monitor\?/);
  expect(new URL(page.url()).searchParams.get("streams")).toBe("orders,local-eu:orders");
  const tiles = page.locator('[data-testid="monitor-tile"][data-stream="orders"]');
  await expect(tiles).toHaveCount(2);
  const us = page.locator('[data-testid="monitor-tile"][data-target="local"][data-region="us-east-1"]');
  const eu = page.locator('[data-testid="monitor-tile"][data-target="local-eu"][data-region="eu-west-1"]');
  await expect(us.getByTestId("tile-scope")).toHaveText("local · us-east-1 · local emulator");
  await expect(eu.getByTestId("tile-scope")).toHaveText("local-eu · eu-west-1 · local emulator");
  await expect(us.getByRole("link", { name: "orders" })).toHaveAttribute("href", `${ORDERS_US}/metrics`);
  await expect(eu.getByRole("link", { name: "orders" })).toHaveAttribute("href", `${ORDERS_EU}/metrics`);

  await eu.getByRole("link", { name: "orders" }).click();
  await expect(page).toHaveURL(at(`${ORDERS_EU}/metrics`));
  await expectScope(page, "local-eu", "eu-west-1");
});

test("a target whose SSO session never started says how to log in on its pages; local keeps working", async ({ page, request }) => {
  const fix = `aws sso login --profile ${BROKEN_SSO_PROFILE}`;
  await page.goto(`/t/${BROKEN_SSO_PROFILE}/us-east-1`);
  await expect(page.getByTestId("credentials-problem")).toContainText(`The credentials of target ${BROKEN_SSO_PROFILE} do not work.`);
  await expect(page.getByTestId("credentials-problem")).toContainText(fix);
  const api = await request.get(`/api/t/${BROKEN_SSO_PROFILE}/us-east-1/streams`);
  expect(api.status()).toBe(401);
  expect(await api.json()).toEqual({ error: { code: "no_credentials", message: expect.stringContaining(fix) as unknown } });

  // The other targets do not care.
  await page.getByTestId("target-switcher").click();
  await page.getByTestId("target-switcher-menu").locator('[data-target="local"]').click();
  await expect(page).toHaveURL(at("/t/local/us-east-1"));
  await expect(page.locator('[data-testid="stream-row"][data-stream="orders"]')).toContainText("ACTIVE");
  await expect(page.getByTestId("credentials-problem")).toHaveCount(0);
});

test("axe finds no serious or critical violation with a switcher menu open", async ({ page }) => {
  await page.goto(ORDERS_US);
  await expectOrders(page, 4);
  await page.getByTestId("target-switcher").click();
  await expect(page.getByTestId("target-switcher-menu")).toBeVisible();
  await expectNoSeriousViolations(page, `${ORDERS_US} with the target menu open`);
  await page.keyboard.press("Escape");
  await page.getByTestId("region-switcher").click();
  await expect(page.getByTestId("region-switcher-menu")).toBeVisible();
  await expectNoSeriousViolations(page, `${ORDERS_US} with the region menu open`);
});
