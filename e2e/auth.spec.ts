// Sign-in, roles and the audit log in the browser, on a server of their own (SHARDSCOPE_AUTH=oidc
// against a real OpenID provider, then alb with a load balancer played by a local key endpoint) in
// front of the e2e kinesis-local. People sign in through the provider's own login page; what a
// role may not do is refused with 403 and a message, over plain requests and over SSE, and
// audited; the audit file holds exactly the writes made, and survives a restart.
import { expect, type Browser, type Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./fixtures/a11y";
import { auditEntries, startAuthServer, type AuthServer } from "./fixtures/auth-server";
import { test } from "./fixtures/kinesis";

const SCOPE = "/t/local/us-east-1";

/** Opens `path` signed out, signs in as `user` at the provider's login page, and lands on `path`. */
async function signIn(browser: Browser, server: AuthServer, user: string, path = SCOPE): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseURL });
  const page = await context.newPage();
  await page.goto(path);
  // The provider's development login page: any password.
  await page.locator("input[name=login]").fill(user);
  await page.locator("input[name=password]").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[?]/g, "\\?")}$`));
  return page;
}

/** A write as a script would send it (same-origin browser headers), with the page's session cookie. */
function putFrom(page: Page, server: AuthServer, stream: string, data: string) {
  return page.request.post(`${SCOPE.replace("/t/", "/api/t/")}/streams/${stream}/records`, {
    headers: { origin: server.baseURL, "sec-fetch-site": "same-origin" },
    data: { records: [{ partitionKey: "audit-key", data, encoding: "text" }] },
  });
}

test.describe("OpenID Connect sign-in", () => {
  test.describe.configure({ mode: "serial" });
  let server: AuthServer;

  test.beforeAll(async ({ kinesis }) => {
    server = await startAuthServer(kinesis.endpoint, "oidc");
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("without a session, pages send the browser to sign in and the API answers 401 JSON", async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: server.baseURL, maxRedirects: 0 });
    const api = await request.get("/api/streams");
    expect(api.status()).toBe(401);
    expect(await api.json()).toEqual({ error: { code: "unauthenticated", message: expect.stringContaining("Not signed in") } });
    expect((await request.get(`${SCOPE.replace("/t/", "/api/t/")}/streams/orders/tail`)).status()).toBe(401);
    const page = await request.get(`${SCOPE}/streams?x=1`);
    expect(page.status()).toBe(307);
    expect(page.headers().location).toMatch(/\/auth\/sign-in\?returnTo=%2Ft%2Flocal%2Fus-east-1%2Fstreams%3Fx%3D1$/);
    await request.dispose();
  });

  test("a writer signs in at the provider, sees who they are and the write controls, and writes (audited)", async ({ browser, kinesis }) => {
    const stream = await kinesis.scratchStream("auth-writer", 1);
    const page = await signIn(browser, server, "wanda", `${SCOPE}/streams/${stream}`);
    await expect(page.getByTestId("user-name")).toHaveText("Wanda Writer");
    await expect(page.getByTestId("user-role")).toHaveText("writer");
    await expect(page.getByRole("link", { name: "Put records" }).first()).toBeVisible();
    await expect(page.getByRole("navigation").getByRole("link", { name: "Audit" })).toHaveCount(0);
    const res = await putFrom(page, server, stream, "written by wanda");
    expect(res.status()).toBe(200);
    expect(await kinesis.readAll(stream)).toHaveLength(1);
    const me = await page.request.get("/api/me");
    expect(await me.json()).toEqual({
      user: { name: "Wanda Writer", email: "wanda@example.test", groups: ["shardscope-writers", "staff"] },
      role: "writer",
      auth: "oidc",
    });
    await page.context().close();
  });

  test("a viewer sees no write controls and is refused writes, over plain requests and over SSE, each audited", async ({ browser, kinesis }) => {
    const stream = await kinesis.scratchStream("auth-viewer", 1);
    const page = await signIn(browser, server, "victor", `${SCOPE}/streams/${stream}`);
    await expect(page.getByTestId("user-role")).toHaveText("viewer");
    await expect(page.getByRole("link", { name: "Put records" })).toHaveCount(0);
    await page.goto(`${SCOPE}/streams/${stream}/put`);
    await expect(page.getByTestId("writes-disabled")).toContainText("Writes are not allowed for your role");

    const put = await putFrom(page, server, stream, "must never land");
    expect(put.status()).toBe(403);
    expect(await put.json()).toEqual({
      error: {
        code: "forbidden",
        message:
          "Your role is viewer; putting records needs the writer role (a writer can also put records, replay search results and register enhanced fan-out consumers).",
      },
    });
    // The tail's SSE route: reading is a viewer's right, registering a consumer is not.
    const sse = await page.request.get(`${SCOPE.replace("/t/", "/api/t/")}/streams/${stream}/tail?efo=1`, { headers: { accept: "text/event-stream" } });
    expect(sse.status()).toBe(403);
    expect((await sse.json()).error.message).toMatch(/^Your role is viewer; registering an enhanced fan-out consumer needs the writer role/);
    expect(await kinesis.readAll(stream)).toHaveLength(0);

    const refusals = auditEntries(server.auditFile).filter((e) => e.user === "Victor Viewer" && e.outcome === "refused");
    expect(refusals.map((e) => [e.action, e.code, e.stream])).toEqual([
      ["put_records", "forbidden", stream],
      ["register_consumer", "forbidden", stream],
    ]);
    await page.context().close();
  });

  test("an admin reads the audit log on the Audit page, newest first, filtered by user, stream and action", async ({ browser }) => {
    const page = await signIn(browser, server, "alice");
    await expect(page.getByTestId("user-role")).toHaveText("admin");
    await page.getByRole("navigation").getByRole("link", { name: "Audit" }).click();
    await expect(page).toHaveURL(`${server.baseURL}${SCOPE}/audit`);
    const rows = page.getByTestId("audit-row");
    await expect(rows.first()).toHaveAttribute("data-action", "sign_in"); // alice's own sign-in, the newest
    await page.getByTestId("audit-filter-user").fill("victor");
    await expect(rows).toHaveCount(3); // sign-in, refused put, refused consumer registration
    await expect(rows.nth(0)).toHaveAttribute("data-action", "register_consumer");
    await expect(rows.nth(1)).toHaveAttribute("data-action", "put_records");
    await expect(rows.nth(1)).toHaveAttribute("data-outcome", "refused");
    await expect(rows.nth(1)).toContainText("Your role is viewer");
    await page.getByTestId("audit-filter-user").fill("");
    await page.getByLabel("Action").selectOption("put_records");
    await expect(rows).toHaveCount(2);
    await page.getByTestId("audit-filter-stream").fill("auth-writer");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute("data-outcome", "ok");
    await expect(rows.first()).toContainText("Wanda Writer");
    await expectNoSeriousViolations(page, "the Audit page");
    await page.context().close();
  });

  test("a writer may not read the audit log: the API answers 403 with why", async ({ browser }) => {
    const page = await signIn(browser, server, "wanda");
    const res = await page.request.get("/api/audit");
    expect(res.status()).toBe(403);
    expect((await res.json()).error.message).toMatch(/^Your role is writer; reading the audit log needs the admin role/);
    await page.goto(`${SCOPE}/audit`);
    await expect(page.getByTestId("audit-forbidden")).toBeVisible();
    await page.context().close();
  });

  test("a user whose groups hold no role is told so, and can sign out", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: server.baseURL });
    const page = await context.newPage();
    await page.goto(SCOPE);
    await page.locator("input[name=login]").fill("nora");
    await page.locator("input[name=password]").fill("x");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByTestId("denied")).toContainText("You are signed in as Nora Nobody, but none of your groups (marketing) has a role");
    await expectNoSeriousViolations(page, "the no-role page");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();
    await context.close();
  });

  test("signing out ends the session: the next page asks to sign in again", async ({ browser }) => {
    const page = await signIn(browser, server, "wanda");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${server.baseURL}/auth/signed-out`);
    expect((await page.request.get("/api/me")).status()).toBe(401);
    // The next page goes through sign-in again (the provider may still know the user: its own session).
    const next = await page.request.get(SCOPE, { maxRedirects: 0 });
    expect(next.status()).toBe(307);
    expect(next.headers().location).toMatch(/\/auth\/sign-in\?returnTo=%2Ft%2Flocal%2Fus-east-1$/);
    await page.context().close();
  });

  test("the audit file holds exactly the writes made, and survives a restart", async ({ browser }) => {
    const writes = () => auditEntries(server.auditFile).filter((e) => e.action === "put_records" || e.action === "register_consumer");
    const before = writes();
    expect(before.map((e) => [e.user, e.action, e.outcome, e.records ?? null])).toEqual([
      ["Wanda Writer", "put_records", "ok", 1],
      ["Victor Viewer", "put_records", "refused", null],
      ["Victor Viewer", "register_consumer", "refused", null],
    ]);
    expect(before[0]).toMatchObject({ results: { written: 1, failed: 0, shards: { "shardId-000000000000": 1 } }, target: "local", region: "us-east-1" });
    expect(JSON.stringify(auditEntries(server.auditFile))).not.toMatch(/written by wanda|must never land/);
    await server.restart();
    expect(writes()).toEqual(before);
    const page = await signIn(browser, server, "alice", `${SCOPE}/audit?action=put_records`);
    await expect(page.getByTestId("audit-row")).toHaveCount(2);
    await page.context().close();
  });
});

test.describe("sign-in behind an AWS load balancer", () => {
  test.describe.configure({ mode: "serial" });
  let server: AuthServer;

  test.beforeAll(async ({ kinesis }) => {
    server = await startAuthServer(kinesis.endpoint, "alb");
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  const claims = { sub: "u-7", name: "Olga Ops", email: "olga@example.test", groups: ["shardscope-admins"] };

  test("a request the load balancer signed is its user, with the role of their groups", async ({ browser }) => {
    const alb = server.alb!;
    const context = await browser.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { "x-amzn-oidc-data": alb.token(claims) } });
    const page = await context.newPage();
    await page.goto(SCOPE);
    await expect(page.getByTestId("user-name")).toHaveText("Olga Ops");
    await expect(page.getByTestId("user-role")).toHaveText("admin");
    expect(await (await page.request.get("/api/me")).json()).toEqual({
      user: { name: "Olga Ops", email: "olga@example.test", groups: ["shardscope-admins"] },
      role: "admin",
      auth: "alb",
    });
    await context.close();
  });

  test("forged, expired, wrong-signer and unsigned tokens are refused", async ({ playwright }) => {
    const alb = server.alb!;
    const { generateKeyPairSync } = await import("node:crypto");
    const [h, p] = alb.token(claims).split(".");
    const tokens = {
      forged: alb.token(claims, { key: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey }),
      expired: alb.token(claims, { expiresIn: -300 }),
      wrongSigner: alb.token(claims, { signer: alb.arn.replace("shardscope-test", "someone-else") }),
      unsigned: `${h}.${p}.`,
    };
    for (const [what, token] of Object.entries(tokens)) {
      const request = await playwright.request.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { "x-amzn-oidc-data": token }, maxRedirects: 0 });
      const api = await request.get("/api/me");
      expect(api.status(), what).toBe(401);
      const page = await request.get(`${SCOPE}/streams`);
      expect(page.status(), what).toBe(307);
      expect(page.headers().location, what).toMatch(/\/auth\/denied$/);
      await request.dispose();
    }
  });
});
