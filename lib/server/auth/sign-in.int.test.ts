// Sign-in with OpenID Connect end to end against a real provider (oidc-provider on loopback), the
// routes called as Next calls them: the sign-in redirect, the provider's login and consent, the
// callback's session cookie, /api/me, roles on writes and on the audit log, the audit file, and
// signing out. The proxy's gate is tested on the built server (auth.app.test.ts) and in the browser.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { OIDC_TEST_ROLES, startOidcProvider, type OidcProvider } from "@/scripts/lib/oidc-provider";
import { loginAtProvider } from "@/scripts/testing/oidc-login";
import { streamCtx } from "@/scripts/testing/scope";
import { forgetAppState } from "@/scripts/testing/app-state";

const APP = "http://127.0.0.1:3999";
const CALLBACK = `${APP}/auth/callback`;
const ctx = streamCtx("auth-orders", { target: "local", region: "us-east-1" });

let provider: OidcProvider;
let dir: string;
let auditFile: string;
const saved = { ...process.env };

async function routes() {
  return {
    signIn: (await import("@/app/auth/sign-in/route")).GET,
    callback: (await import("@/app/auth/callback/route")).GET,
    signOut: (await import("@/app/auth/sign-out/route")).POST,
    me: (await import("@/app/api/me/route")).GET,
    audit: (await import("@/app/api/audit/route")).GET,
    records: (await import("@/app/api/t/[target]/[region]/streams/[name]/records/route")).POST,
  };
}

const req = (url: string, cookie?: string, init: RequestInit = {}) =>
  new Request(url.startsWith("http") ? url : `${APP}${url}`, { ...init, headers: { host: "127.0.0.1:3999", ...(cookie ? { cookie } : {}), ...init.headers } });

/** The `name=value` of a Set-Cookie header. */
function cookieOf(res: Response, name: string): string {
  const c = res.headers.getSetCookie().find((h) => h.startsWith(`${name}=`));
  if (!c) throw new Error(`no ${name} cookie`);
  return c.split(";")[0]!;
}

/** Signs `user` in: returns the session cookie (`shardscope_session=…`). */
async function signIn(user: string, returnTo = "/t/local/us-east-1/streams"): Promise<{ cookie: string; location: string; setCookie: string }> {
  const r = await routes();
  const start = await r.signIn(req(`/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`), {});
  expect(start.status).toBe(302);
  const flow = cookieOf(start, "shardscope_sign_in");
  const back = await loginAtProvider(start.headers.get("location")!, user, CALLBACK);
  const done = await r.callback(req(back, flow), {});
  expect(done.status).toBe(303);
  const setCookie = done.headers.getSetCookie().find((h) => h.startsWith("shardscope_session="))!;
  return { cookie: cookieOf(done, "shardscope_session"), location: done.headers.get("location")!, setCookie };
}

const auditLines = () =>
  fs
    .readFileSync(auditFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

beforeAll(async () => {
  provider = await startOidcProvider({ redirectUris: [CALLBACK] });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-auth-"));
  auditFile = path.join(dir, "audit.jsonl");
  const targetsFile = path.join(dir, "shardscope.json");
  fs.writeFileSync(
    targetsFile,
    JSON.stringify({
      targets: [{ name: "local", region: "us-east-1", endpoints: { kinesis: inject("kinesisEndpoint") } }],
      auth: { oidc: { issuer: provider.issuer, clientId: provider.clientId } },
      roles: OIDC_TEST_ROLES,
    }),
  );
  Object.assign(process.env, {
    SHARDSCOPE_TARGETS_FILE: targetsFile,
    SHARDSCOPE_AUTH: "oidc",
    SHARDSCOPE_SESSION_SECRET: "a-test-session-secret-of-at-least-32-chars",
    SHARDSCOPE_AUDIT_LOG: auditFile,
  });
  forgetAppState();
});

afterAll(async () => {
  for (const k of ["SHARDSCOPE_TARGETS_FILE", "SHARDSCOPE_AUTH", "SHARDSCOPE_SESSION_SECRET", "SHARDSCOPE_AUDIT_LOG"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  forgetAppState();
  await provider?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("sign-in with OpenID Connect", () => {
  it("sends the browser to the provider with PKCE, state and nonce, in an encrypted httpOnly SameSite=Lax cookie", async () => {
    const r = await routes();
    const res = await r.signIn(req("/auth/sign-in?returnTo=%2Fmonitor"), {});
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location")!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get("code_challenge_method")).toBe("S256");
    expect(to.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get("state")).toBeTruthy();
    expect(to.searchParams.get("nonce")).toBeTruthy();
    expect(to.searchParams.get("redirect_uri")).toBe(CALLBACK);
    expect(to.searchParams.get("scope")).toBe("openid profile email groups");
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^shardscope_sign_in=[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600$/);
    // The verifier never leaves the server in the clear.
    expect(cookie).not.toContain(to.searchParams.get("state")!);
  });

  it("signs a writer in: a session cookie, back where they were going, /api/me names them and their role", async () => {
    const { cookie, location, setCookie } = await signIn("wanda", "/t/local/us-east-1/streams/orders?x=1");
    expect(location).toBe("/t/local/us-east-1/streams/orders?x=1");
    expect(setCookie).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    const r = await routes();
    const me = await r.me(req("/api/me", cookie), {});
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: { name: "Wanda Writer", email: "wanda@example.test", groups: ["shardscope-writers", "staff"] },
      role: "writer",
      auth: "oidc",
    });
    expect(auditLines().at(-1)).toMatchObject({
      action: "sign_in",
      outcome: "ok",
      user: "Wanda Writer",
      email: "wanda@example.test",
      role: "writer",
      auth: "oidc",
    });
  });

  it("answers 401 without a session, and with an altered or foreign one", async () => {
    const r = await routes();
    const none = await r.me(req("/api/me"), {});
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("unauthenticated");
    const { cookie } = await signIn("victor");
    const altered = cookie.slice(0, -3) + (cookie.endsWith("AAA") ? "BBB" : "AAA");
    expect((await r.me(req("/api/me", altered), {})).status).toBe(401);
    expect((await r.me(req("/api/me", "shardscope_session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z"), {})).status).toBe(401);
  });

  it("refuses a callback without the flow's cookie (another browser) and audits the refused sign-in", async () => {
    const r = await routes();
    const start = await r.signIn(req("/auth/sign-in"), {});
    const back = await loginAtProvider(start.headers.get("location")!, "wanda", CALLBACK);
    const res = await r.callback(req(back), {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/auth/failed?reason=expired");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("shardscope_session="))).toBe(false);
    expect(auditLines().at(-1)).toMatchObject({ action: "sign_in", outcome: "refused", code: "expired" });
  });

  it("signs in a user whose groups hold no role, sends them to the refusal page, and audits it as refused", async () => {
    const { cookie, location } = await signIn("nora");
    expect(location).toBe("/auth/denied");
    expect(auditLines().at(-1)).toMatchObject({ action: "sign_in", outcome: "refused", user: "Nora Nobody", code: "forbidden" });
    const r = await routes();
    const me = await r.me(req("/api/me", cookie), {});
    expect(me.status).toBe(403);
    expect((await me.json()).error.message).toMatch(/signed in as Nora Nobody \(groups marketing\), but none of your groups has a Shardscope role/);
  });

  it("refuses a viewer's write with 403 forbidden and a message, audited as refused, and writes nothing", async () => {
    const { cookie } = await signIn("victor");
    const r = await routes();
    const before = auditLines().length;
    const res = await r.records(
      req("/api/t/local/us-east-1/streams/auth-orders/records", cookie, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ records: [{ partitionKey: "k", data: "secret-payload", encoding: "text" }] }),
      }),
      ctx,
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        code: "forbidden",
        message:
          "Your role is viewer; putting records needs the writer role (a writer can also put records, replay search results and register enhanced fan-out consumers).",
      },
    });
    const lines = auditLines();
    expect(lines.length).toBe(before + 1);
    expect(lines.at(-1)).toMatchObject({
      action: "put_records",
      outcome: "refused",
      code: "forbidden",
      user: "Victor Viewer",
      role: "viewer",
      target: "local",
      region: "us-east-1",
      stream: "auth-orders",
      endpoint: inject("kinesisEndpoint"),
    });
    expect(JSON.stringify(lines)).not.toContain("secret-payload");
  });

  it("keeps the audit log for admins: 403 for a writer, newest first and filtered for an admin", async () => {
    const r = await routes();
    const writer = await signIn("wanda");
    const refused = await r.audit(req("/api/audit", writer.cookie), {});
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/^Your role is writer; reading the audit log needs the admin role/);
    const admin = await signIn("alice");
    const res = await r.audit(req("/api/audit?action=sign_in&user=wanda", admin.cookie), {});
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.source).toEqual({ kind: "file", path: auditFile });
    expect(body.entries.length).toBeGreaterThanOrEqual(2);
    expect(body.entries.every((e: any) => e.action === "sign_in" && e.user === "Wanda Writer")).toBe(true);
    const times = body.entries.map((e: any) => e.time);
    expect([...times].sort().reverse()).toEqual(times);
    const bad = await r.audit(req("/api/audit?action=drop_table", admin.cookie), {});
    expect(bad.status).toBe(400);
  });

  it("signs out: the cookie is cleared, the old one no longer works, and the sign-out is audited", async () => {
    const { cookie } = await signIn("wanda");
    const r = await routes();
    const res = await r.signOut(req("/auth/sign-out", cookie, { method: "POST", headers: { origin: APP, "sec-fetch-site": "same-origin" } }), {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/auth/signed-out");
    expect(res.headers.getSetCookie()).toContain("shardscope_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    expect((await r.me(req("/api/me", cookie), {})).status).toBe(401);
    expect(auditLines().at(-1)).toMatchObject({ action: "sign_out", outcome: "ok", user: "Wanda Writer" });
    const cross = await r.signOut(
      req("/auth/sign-out", cookie, { method: "POST", headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } }),
      {},
    );
    expect(cross.status).toBe(403);
  });
});
