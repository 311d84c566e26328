// The search routes (SSE and NDJSON) against kinesis-local, with the process-wide scope: a client
// that leaves at any point (while the search opens, or mid-search) leaves no session, no slot and
// no budget loan behind and stops the reads; bad input is a 400 in words; the download streams
// every match as NDJSON with a closing summary line.
import { CreateStreamCommand, DeleteStreamCommand, PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { GET } from "@/app/api/t/[target]/[region]/streams/[name]/search/route";
import { GET as GET_NDJSON } from "@/app/api/t/[target]/[region]/streams/[name]/search.ndjson/route";
import type { SearchDoneEvent } from "@/lib/search/types";
import { defaultScope } from "@/lib/server/targets/registry";
import { tailHub, tailSessionSlots } from "@/lib/server/tail/tail-service";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { forgetAppState } from "@/scripts/testing/app-state";
import { streamCtx } from "@/scripts/testing/scope";
import { readSseEvents } from "@/scripts/testing/sse-events";

const STREAM = `ss-search-route-${randomBytes(4).toString("hex")}`;
const RECORDS = 1_200;

const saved = { ...process.env };
// Read once per module graph: small batches at two calls a second make a search of this stream
// last many seconds, long enough to leave in the middle of it.
Object.assign(process.env, { SHARDSCOPE_SEARCH_BATCH_LIMIT: "20", SHARDSCOPE_SEARCH_CALLS_PER_SECOND: "2", SHARDSCOPE_TAIL_MAX_SESSIONS_PER_CLIENT: "3" });

let direct: KinesisClient;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

const request = (path: string, query: string, signal?: AbortSignal) => new Request(`http://localhost/api/streams/${STREAM}/${path}${query}`, { signal });
const call = (req: Request) => GET(req, streamCtx(STREAM));

/** What Next does with a response whose client left (see tail-hardening.int.test.ts). */
function serveAsNext(req: Request, res: Response): void {
  if (req.signal.aborted) return;
  req.signal.addEventListener("abort", () => void res.body?.cancel().catch(() => {}), { once: true });
}

/** GetRecords calls this stream's shard budgets have counted so far (the hub keeps a budget while any loan is out). */
async function budgets(): Promise<Record<string, number>> {
  const calls = tailHub(await defaultScope()).snapshot().calls;
  return Object.fromEntries(Object.entries(calls).filter(([k]) => k.startsWith(`${STREAM}/`)));
}

async function expectNothingLeft(): Promise<void> {
  await waitFor("every session to close", () => tailSessionSlots().snapshot().sessions === 0);
  const deadline = Date.now() + 5_000;
  while (Object.keys(await budgets()).length > 0) {
    if (Date.now() > deadline) throw new Error(`budget loans left: ${JSON.stringify(await budgets())}`);
    await sleep(50);
  }
}

beforeAll(async () => {
  forgetAppState();
  direct = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await direct.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 2, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
  await waitUntilActive(direct, STREAM);
  for (let i = 0; i < RECORDS; i += 500) {
    await direct.send(
      new PutRecordsCommand({
        StreamName: STREAM,
        Records: Array.from({ length: Math.min(500, RECORDS - i) }, (_, j) => ({
          PartitionKey: `customer-${String((i + j) % 100).padStart(4, "0")}`,
          Data: Buffer.from(JSON.stringify({ n: i + j, total: (i + j) % 1000 })),
        })),
      }),
    );
  }
}, 60_000);

afterEach(async () => {
  await expectNothingLeft();
});

afterAll(async () => {
  forgetAppState();
  process.env = saved;
  await direct?.send(new DeleteStreamCommand({ StreamName: STREAM })).catch(() => {});
  direct?.destroy();
});

describe("bad input", () => {
  it.each([
    ["?max=0", /max must be a whole number from 1 to 100000/],
    ["?max=1e3", /max must be a whole number/],
    ["?from=AT_TIMESTAMP", /AT_TIMESTAMP needs `at`/],
    ["?from=AT_TIMESTAMP&at=2024-01-02T00:00:00Z&until=2024-01-01T00:00:00Z", /ends .* before it starts/],
    ["?until=yesterday", /until is `now` or an ISO 8601 time/],
    ["?from=AT_SEQUENCE_NUMBER&at=123", /choose exactly one shard/],
    ["?q=(&regex=1", /regular expression is not valid/],
    ["?expr=total >", /expression is not valid/],
  ])("answers %s with a 400 in words", async (query, message) => {
    const res = await call(request("search", query));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.message).toMatch(message);
  });

  it("answers an unknown shard or stream with a 404", async () => {
    const res = await call(request("search", "?shards=shardId-000000000009"));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/has no shard shardId-000000000009/);
    const gone = await GET(new Request(`http://localhost/api/streams/nope-${STREAM}/search`), streamCtx(`nope-${STREAM}`));
    expect(gone.status).toBe(404);
  });
});

describe("a client that leaves", () => {
  it.each([-1, 0, 2, 5, 10, 20, 40, 80])("leaves nothing behind when it aborts %i ms into the opening", async (ms) => {
    const abort = new AbortController();
    if (ms < 0) abort.abort();
    else setTimeout(() => abort.abort(), ms);
    const req = request("search", "", abort.signal);
    serveAsNext(req, await call(req));
    await sleep(Math.max(0, ms) + 50);
    await expectNothingLeft();
  });

  it("stops reading mid-search when the client goes away", async () => {
    const abort = new AbortController();
    const req = request("search", "", abort.signal);
    const res = await call(req);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    serveAsNext(req, res);
    let records = 0;
    const reading = readSseEvents<{ records?: unknown[] }>(res.body!, (e) => {
      if (e.event === "records") records += e.data.records?.length ?? 0;
    });
    await waitFor("some records", () => records >= 100);
    expect(tailSessionSlots().snapshot().sessions).toBe(1);
    abort.abort();
    await reading;
    await expectNothingLeft();
    expect(records).toBeLessThan(RECORDS);
  });

  it("counts searches against the per-client session cap", async () => {
    const aborts = [0, 1, 2].map(() => new AbortController());
    const open = await Promise.all(aborts.map((a) => call(request("search", "", a.signal))));
    expect(open.map((r) => r.status)).toEqual([200, 200, 200]);
    const refused = await call(request("search", ""));
    expect(refused.status).toBe(429);
    for (const [i, a] of aborts.entries()) {
      a.abort();
      await open[i]!.body?.cancel();
    }
  });
});

describe("the NDJSON download", () => {
  it("streams every match, with its shard and sequence number, then a summary line", async () => {
    const res = await GET_NDJSON(request("search.ndjson", "?key=customer-0042&max=100000"), streamCtx(STREAM));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename=".*\.ndjson"/);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const done = lines.pop() as { done: SearchDoneEvent };
    expect(done.done).toMatchObject({ reason: "window", matched: RECORDS / 100 });
    expect(lines).toHaveLength(RECORDS / 100);
    for (const l of lines) {
      expect(l).toMatchObject({ partitionKey: "customer-0042", format: "json" });
      expect(l.shardId).toMatch(/^shardId-/);
      expect(l.sequenceNumber).toMatch(/^\d+$/);
    }
  });
});
