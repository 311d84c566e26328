// The tail route against a careless or hostile client, with the process-wide hub pointed at the
// run's kinesis-local: a client that leaves at any point of the opening leaves no session and no
// reader behind; sessions are capped in all and per client; registering an enhanced fan-out
// consumer is a write (refused in read-only mode and from other sites); a Last-Event-ID the tail
// did not issue is a 400, not a 500 or a failure loop.
import { CreateStreamCommand, DeleteStreamCommand, ListStreamConsumersCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { GET } from "@/app/api/t/[target]/[region]/streams/[name]/tail/route";
import { encodeCheckpoint } from "@/lib/tail/tail-checkpoint";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { forgetAppState } from "@/scripts/testing/app-state";
import { defaultScope } from "@/lib/server/targets/registry";
import { tailHub, tailSessionSlots } from "./tail-service";
import { streamCtx } from "@/scripts/testing/scope";

const STREAM = `ss-tail-hard-${randomBytes(4).toString("hex")}`;
const SHARDS = 2;
const IDLE_STOP_MS = 150;
const MAX_SESSIONS = 6;
const MAX_PER_CLIENT = 4;

// Read once per module graph (vitest isolates files): set before the first request.
const saved = { ...process.env };
Object.assign(process.env, {
  SHARDSCOPE_TAIL_IDLE_STOP_MS: String(IDLE_STOP_MS),
  SHARDSCOPE_TAIL_MAX_SESSIONS: String(MAX_SESSIONS),
  SHARDSCOPE_TAIL_MAX_SESSIONS_PER_CLIENT: String(MAX_PER_CLIENT),
});

let direct: KinesisClient;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

function request(query = "", init: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Request {
  return new Request(`http://localhost/api/streams/${STREAM}/tail${query}`, init);
}

const call = (req: Request, stream = STREAM) => GET(req, streamCtx(stream));

/**
 * What Next does with a route's response (server/pipe-readable.js): when the client has already
 * gone it returns without touching the body (never cancelling it); otherwise it pipes the body
 * and cancels it when the client leaves.
 */
function serveAsNext(req: Request, res: Response): void {
  if (req.signal.aborted) return;
  req.signal.addEventListener("abort", () => void res.body?.cancel().catch(() => {}), { once: true });
}

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.message.length).toBeGreaterThan(10);
  return { status: res.status, code: body.error.code, message: body.error.message };
}

/** Nothing of any tail is left: no session holds a slot, and every reader has stopped. */
async function expectNothingLeft(): Promise<void> {
  await waitFor("every session to close", () => tailSessionSlots().snapshot().sessions === 0);
  const hub = tailHub(await defaultScope());
  await waitFor("every reader to stop", () => hub.snapshot().readers === 0, IDLE_STOP_MS * 20);
}

beforeAll(async () => {
  forgetAppState();
  direct = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await direct.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: SHARDS, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
  await waitUntilActive(direct, STREAM);
});

afterEach(async () => {
  await expectNothingLeft();
});

afterAll(async () => {
  // The app's clients, caches and hub were built from this file's settings: later files build their own.
  forgetAppState();
  process.env = saved;
  await direct?.send(new DeleteStreamCommand({ StreamName: STREAM })).catch(() => {});
  direct?.destroy();
});

describe("a client that leaves early", () => {
  // Opening takes a describe, a shard list and reader starts: a client may leave during any of them.
  const points = [-1, 0, 1, 2, 3, 5, 8, 12, 20, 30, 50, 80, 120, 200];

  it.each(points)("leaves no session or reader behind when it aborts %i ms into the opening", async (ms) => {
    const abort = new AbortController();
    if (ms < 0) abort.abort();
    else setTimeout(() => abort.abort(), ms);
    const req = request("?from=TRIM_HORIZON", { signal: abort.signal });
    serveAsNext(req, await call(req));
    await sleep(Math.max(0, ms) + 50);
    expect(req.signal.aborted).toBe(true);
    await expectNothingLeft();
  });

  it("leaves nothing behind when twenty clients abort at once while opening", async () => {
    const reqs = Array.from({ length: 20 }, (_, i) => {
      const abort = new AbortController();
      setTimeout(() => abort.abort(), i % 7);
      return request(i % 2 ? "?from=TRIM_HORIZON" : "", { signal: abort.signal });
    });
    // Opened in waves, so the caps (tested below) are not what refuses them.
    for (let i = 0; i < reqs.length; i += MAX_PER_CLIENT) {
      await Promise.all(reqs.slice(i, i + MAX_PER_CLIENT).map((r) => call(r).then((res) => serveAsNext(r, res))));
    }
    await expectNothingLeft();
  });

  it("closes an open session when the client aborts before reading the body", async () => {
    const abort = new AbortController();
    const req = request("", { signal: abort.signal });
    const res = await call(req);
    expect(res.status).toBe(200);
    expect(tailSessionSlots().snapshot().sessions).toBe(1);
    abort.abort();
    await expectNothingLeft();
  });
});

describe("session caps", () => {
  it("refuses a client past its own cap with 429 and everyone past the server's cap with 503", async () => {
    const open: { abort: AbortController; req: Request }[] = [];
    const openAs = async (client: string) => {
      const abort = new AbortController();
      const req = request("", { signal: abort.signal, headers: { "x-forwarded-for": client } });
      const res = await call(req);
      if (res.status === 200) open.push({ abort, req });
      return res;
    };
    try {
      for (let i = 0; i < MAX_PER_CLIENT; i++) expect((await openAs("10.0.0.1")).status).toBe(200);
      const mine = await errorOf(await openAs("10.0.0.1"));
      expect(mine).toMatchObject({ status: 429, code: "throttled" });
      expect(mine.message).toMatch(/SHARDSCOPE_TAIL_MAX_SESSIONS_PER_CLIENT/);

      for (let i = MAX_PER_CLIENT; i < MAX_SESSIONS; i++) expect((await openAs(`10.0.1.${i}`)).status).toBe(200);
      const full = await errorOf(await openAs("10.0.2.1"));
      expect(full).toMatchObject({ status: 503, code: "unavailable" });
      expect(full.message).toMatch(/SHARDSCOPE_TAIL_MAX_SESSIONS/);
      expect(tailSessionSlots().snapshot().sessions).toBe(MAX_SESSIONS);

      // A slot comes back when its session closes.
      open.pop()!.abort.abort();
      await waitFor("a free slot", () => tailSessionSlots().snapshot().sessions === MAX_SESSIONS - 1);
      expect((await openAs("10.0.2.1")).status).toBe(200);
    } finally {
      for (const o of open) o.abort.abort();
    }
  });
});

describe("enhanced fan-out registration is a write", () => {
  async function consumers(): Promise<string[]> {
    const arn = (await direct.send(new ListStreamConsumersCommand({ StreamARN: await streamArn() }))).Consumers ?? [];
    return arn.map((c) => c.ConsumerName ?? "");
  }
  async function streamArn(): Promise<string> {
    const { DescribeStreamSummaryCommand } = await import("@aws-sdk/client-kinesis");
    const out = await direct.send(new DescribeStreamSummaryCommand({ StreamName: STREAM }));
    return out.StreamDescriptionSummary!.StreamARN!;
  }

  it("is refused from another site, even as a simple GET, and registers nothing", async () => {
    const sites: Record<string, string>[] = [{ "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, { origin: "http://evil.example" }];
    for (const headers of sites) {
      const e = await errorOf(await call(request("?efo=1", { headers })));
      expect(e).toMatchObject({ status: 403, code: "forbidden" });
    }
    expect(await consumers()).toEqual([]);
  });

  it("is refused in read-only mode, and registers nothing", async () => {
    process.env.SHARDSCOPE_READ_ONLY = "1";
    const { getConfig } = await import("@/lib/server/config");
    const config = getConfig();
    const before = config.readOnly;
    (config as { readOnly: boolean }).readOnly = true;
    try {
      const e = await errorOf(await call(request("?efo=1")));
      expect(e).toMatchObject({ status: 403, code: "read_only" });
      expect(await consumers()).toEqual([]);
      // A named consumer is only read through: no write, so read-only mode does not refuse it
      // (it is not registered here, so the answer is a 404 naming it).
      const named = await errorOf(await call(request("?efo=1&consumer=team-reader")));
      expect(named).toMatchObject({ status: 404, code: "not_found" });
      expect(named.message).toMatch(/team-reader/);
      expect(await consumers()).toEqual([]);
    } finally {
      (config as { readOnly: boolean }).readOnly = before;
      delete process.env.SHARDSCOPE_READ_ONLY;
    }
  });
});

describe("Last-Event-ID", () => {
  const idFor = (c: { stream?: string; startedAt: number }) => encodeCheckpoint({ shards: {}, done: [], ...c });

  it.each([
    ["a time no Date can hold", Buffer.from(JSON.stringify({ s: STREAM, t: 9e15, c: {}, d: [] })).toString("base64url"), /not an id this tail issued/],
    ["a start in the far future", idFor({ stream: STREAM, startedAt: Date.now() + 365 * 86_400_000 }), /in the future/],
    ["another stream's id", idFor({ stream: "payments", startedAt: Date.now() }), /another stream/],
    ["garbage", "not-an-id", /not an id this tail issued/],
  ])("refuses %s with a 400 and opens nothing", async (_what, id, message) => {
    const e = await errorOf(await call(request("", { headers: { "last-event-id": id } })));
    expect(e).toMatchObject({ status: 400, code: "invalid_input" });
    expect(e.message).toMatch(message);
    expect(tailSessionSlots().snapshot().sessions).toBe(0);
  });
});
