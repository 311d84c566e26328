// Sign-in, roles and masking together, against kinesis-local and a real OpenID provider
// (oidc-provider on loopback): people sign in through the routes as Next calls them, then read one
// stream whose records hold a card number through every path a record leaves by (browse, detail,
// tail, search, search.ndjson). The admin's role may unmask and sees the number; the viewer's may
// not and never receives it; the viewer's role may not export and is refused the NDJSON download.
// Each sign-in is counted in shardscope_sign_ins_total with its outcome.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { CreateStreamCommand, DeleteStreamCommand, PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getRecords } from "@/app/api/t/[target]/[region]/streams/[name]/records/route";
import { GET as getRecord } from "@/app/api/t/[target]/[region]/streams/[name]/records/[seq]/route";
import { GET as getTail } from "@/app/api/t/[target]/[region]/streams/[name]/tail/route";
import { GET as getSearch } from "@/app/api/t/[target]/[region]/streams/[name]/search/route";
import { GET as getSearchNdjson } from "@/app/api/t/[target]/[region]/streams/[name]/search.ndjson/route";
import type { RecordsPageResponse, RecordView } from "@/lib/records/types";
import { metricsText } from "@/lib/server/ops/metrics";
import { tailSessionSlots } from "@/lib/server/tail/tail-service";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { startOidcProvider, type OidcProvider } from "@/scripts/lib/oidc-provider";
import { forgetAppState } from "@/scripts/testing/app-state";
import { loginAtProvider } from "@/scripts/testing/oidc-login";
import { parseScrape, sampleValue } from "@/scripts/testing/prometheus";
import { streamCtx } from "@/scripts/testing/scope";
import { readSseEvents } from "@/scripts/testing/sse-events";

const APP = "http://127.0.0.1:3998";
const CALLBACK = `${APP}/auth/callback`;
const SCOPE = { target: "local", region: "us-east-1" };
const STREAM = `ss-roles-${randomBytes(4).toString("hex")}`;
const SHARD = "shardId-000000000000";
const CARD = "4111111111111111";
const ctx = () => streamCtx(STREAM, SCOPE);

let provider: OidcProvider;
let direct: KinesisClient;
let dir: string;
let sequenceNumber: string;
const saved = { ...process.env };
const ENV_KEYS = ["SHARDSCOPE_TARGETS_FILE", "SHARDSCOPE_AUTH", "SHARDSCOPE_SESSION_SECRET", "SHARDSCOPE_AUDIT_LOG"];

async function routes() {
  return {
    signIn: (await import("@/app/auth/sign-in/route")).GET,
    callback: (await import("@/app/auth/callback/route")).GET,
    records: getRecords,
    record: getRecord,
    tail: getTail,
    search: getSearch,
    ndjson: getSearchNdjson,
  };
}

const req = (p: string, cookie?: string, signal?: AbortSignal) =>
  new Request(p.startsWith("http") ? p : `${APP}${p}`, { headers: { host: "127.0.0.1:3998", ...(cookie ? { cookie } : {}) }, signal });
const api = (p: string, cookie?: string, signal?: AbortSignal) => req(`/api/t/local/us-east-1/streams/${STREAM}/${p}`, cookie, signal);

function cookieOf(res: Response, name: string): string | undefined {
  return res.headers
    .getSetCookie()
    .find((h) => h.startsWith(`${name}=`))
    ?.split(";")[0];
}

/** Signs `user` in through the provider's login page; the session cookie, if one was set. */
async function signIn(user: string): Promise<string | undefined> {
  const r = await routes();
  const start = await r.signIn(req("/auth/sign-in"), {});
  expect(start.status).toBe(302);
  const back = await loginAtProvider(start.headers.get("location")!, user, CALLBACK);
  const done = await r.callback(req(back, cookieOf(start, "shardscope_sign_in")), {});
  expect(done.status).toBe(303);
  return cookieOf(done, "shardscope_session");
}

const signIns = async (outcome: string) => sampleValue(parseScrape((await metricsText()).body), "shardscope_sign_ins_total", { auth: "oidc", outcome }) ?? 0;

/** Reads an SSE response until `enough` says so (then leaves) or the server ends it; the whole text and the records. */
async function sse(res: Response, controller: AbortController, enough: (records: RecordView[], type: string) => boolean) {
  expect(res.status).toBe(200);
  const records: RecordView[] = [];
  let text = "";
  await readSseEvents<{ records?: RecordView[] }>(res.body!, (e) => {
    text += JSON.stringify(e.data);
    if (e.event === "records" && e.data.records) records.push(...e.data.records);
    if (enough(records, e.event ?? "")) controller.abort();
  }).catch((e: unknown) => {
    if (!controller.signal.aborted) throw e;
  });
  return { text, records };
}

/** Every body a viewer can get a record in, each as text. */
async function everyPath(cookie: string): Promise<Record<string, string>> {
  const r = await routes();
  const out: Record<string, string> = {};
  const page = await r.records(api(`records?shardId=${SHARD}&from=TRIM_HORIZON`, cookie), ctx());
  expect(page.status).toBe(200);
  out.browse = await page.text();
  expect((JSON.parse(out.browse) as RecordsPageResponse).records).toHaveLength(1);
  const detail = await r.record(api(`records/${sequenceNumber}?shardId=${SHARD}&full=1`, cookie), {
    params: Promise.resolve({ ...SCOPE, name: STREAM, seq: sequenceNumber }),
  });
  expect(detail.status).toBe(200);
  out.detail = await detail.text();
  const t = new AbortController();
  out.tail = (await sse(await r.tail(api("tail?from=TRIM_HORIZON", cookie, t.signal), ctx()), t, (records) => records.length >= 1)).text;
  const s = new AbortController();
  out.search = (await sse(await r.search(api("search?from=TRIM_HORIZON", cookie, s.signal), ctx()), s, (_r, type) => type === "done")).text;
  return out;
}

beforeAll(async () => {
  provider = await startOidcProvider({ redirectUris: [CALLBACK] });
  direct = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await direct.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
  await waitUntilActive(direct, STREAM);
  const put = await direct.send(
    new PutRecordsCommand({
      StreamName: STREAM,
      Records: [{ PartitionKey: "k", Data: Buffer.from(JSON.stringify({ order: 7, card: { number: CARD } })) }],
    }),
  );
  sequenceNumber = put.Records![0]!.SequenceNumber!;

  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-roles-"));
  const file = path.join(dir, "shardscope.json");
  fs.writeFileSync(
    file,
    JSON.stringify({
      targets: [{ name: "local", region: "us-east-1", endpoints: { kinesis: inject("kinesisEndpoint") }, local: true }],
      auth: { oidc: { issuer: provider.issuer, clientId: provider.clientId } },
      // The test users' groups (scripts/lib/oidc-provider.ts): victor is staff, wanda a writer, alice an admin.
      roles: {
        viewer: { groups: ["staff"], export: false },
        writer: { groups: ["shardscope-writers"] },
        admin: { groups: ["shardscope-admins"], unmask: true },
      },
      masking: { rules: [{ streams: ["ss-roles-*"], path: "$.card.number" }] },
    }),
  );
  Object.assign(process.env, {
    SHARDSCOPE_TARGETS_FILE: file,
    SHARDSCOPE_AUTH: "oidc",
    SHARDSCOPE_SESSION_SECRET: "a-test-session-secret-of-at-least-32-chars",
    SHARDSCOPE_AUDIT_LOG: path.join(dir, "audit.jsonl"),
  });
  forgetAppState();
}, 60_000);

afterAll(async () => {
  await direct?.send(new DeleteStreamCommand({ StreamName: STREAM })).catch(() => undefined);
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  forgetAppState();
  await provider?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("roles and masking", () => {
  it("a role with unmask sees the value on every path; a viewer's role without it never receives it", async () => {
    const alice = (await signIn("alice"))!;
    const victor = (await signIn("victor"))!;
    const unmasked = await everyPath(alice);
    for (const [where, body] of Object.entries(unmasked)) expect(body, where).toContain(CARD);
    const browse = JSON.parse(unmasked.browse!) as RecordsPageResponse;
    expect(browse.records[0]!.decoded.masked).toBeUndefined();
    expect(browse.records[0]!.data).not.toBe("");

    const masked = await everyPath(victor);
    for (const [where, body] of Object.entries(masked)) {
      expect(body, where).not.toContain(CARD);
      expect(body, where).not.toContain(Buffer.from(CARD).toString("base64").slice(0, 16));
    }
    const page = JSON.parse(masked.browse!) as RecordsPageResponse;
    expect(page.records[0]!.decoded).toMatchObject({ value: { order: 7, card: { number: "****" } }, masked: ["$.card.number"] });
    expect(page.records[0]!.data).toBe("");
    await expect.poll(() => tailSessionSlots().snapshot().sessions).toBe(0);
  });

  it("export: false refuses the viewer's NDJSON download with 403 and a message; other roles download, masked as they see it", async () => {
    const r = await routes();
    const victor = (await signIn("victor"))!;
    const refused = await r.ndjson(api("search.ndjson?from=TRIM_HORIZON", victor), ctx());
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: {
        code: "forbidden",
        message:
          "Your role is viewer, and downloading records is turned off for it (`roles.viewer.export` is false in the configuration file): the records can still be read in the browser; ask an administrator if you need the file.",
      },
    });
    // Refused before a session was taken.
    expect(tailSessionSlots().snapshot().sessions).toBe(0);

    const wanda = (await signIn("wanda"))!;
    const writer = await r.ndjson(api("search.ndjson?from=TRIM_HORIZON", wanda), ctx());
    expect(writer.status).toBe(200);
    const writerText = await writer.text();
    expect(writerText.trim().split("\n")).toHaveLength(2); // the match and the summary
    expect(writerText).not.toContain(CARD);

    const alice = (await signIn("alice"))!;
    const admin = await r.ndjson(api("search.ndjson?from=TRIM_HORIZON", alice), ctx());
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain(CARD);

    const anonymous = await r.ndjson(api("search.ndjson?from=TRIM_HORIZON"), ctx());
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("unauthenticated");
  });

  it("counts each sign-in in shardscope_sign_ins_total: ok, refused (no role), expired (no flow cookie)", async () => {
    const [ok, refused, expired] = [await signIns("ok"), await signIns("refused"), await signIns("expired")];
    await signIn("wanda");
    expect(await signIns("ok")).toBe(ok + 1);
    expect(await signIn("nora")).toBeDefined(); // signed in, sent to the refusal page
    expect(await signIns("refused")).toBe(refused + 1);
    const r = await routes();
    const start = await r.signIn(req("/auth/sign-in"), {});
    const back = await loginAtProvider(start.headers.get("location")!, "wanda", CALLBACK);
    const lost = await r.callback(req(back), {}); // another browser: no flow cookie
    expect(lost.headers.get("location")).toBe("/auth/failed?reason=expired");
    expect(await signIns("expired")).toBe(expired + 1);
    expect(await signIns("ok")).toBe(ok + 1);
  });
});
