// The tail's SSE route handler itself, with the process-wide hub and clients pointed at the run's
// kinesis-local: a client that stops reading its response holds the server's memory to its queue
// bound while another viewer of the same stream gets everything, and when it reads again it gets
// a `dropped` count that, with the records it still receives, adds up to every record put.
import { CreateStreamCommand, DeleteStreamCommand, PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { createHash, randomBytes, type Hash } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RecordView } from "@/lib/records/types";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { GET } from "@/app/api/t/[target]/[region]/streams/[name]/tail/route";
import { listShards } from "@/lib/server/kinesis/shards";
import { compileTailFilter } from "@/lib/tail/tail-filter";
import { defaultScope } from "@/lib/server/targets/registry";
import { tailHub } from "./tail-service";
import { TailSession } from "./tail-session";
import { parseSseEvent, readSseEvents } from "@/scripts/testing/sse-events";
import { streamCtx } from "@/scripts/testing/scope";

const STREAM = `ss-tail-route-${randomBytes(4).toString("hex")}`;
const BACKLOG_STREAM = `${STREAM}-backlog`;
const BACKLOG = 1_000;
/** kinesis-local slows down with every record a shard holds: four shards keep the puts quick. */
const SHARDS = 4;
const QUEUE_RECORDS = 200;
const WARM_UP = 200;
const TOTAL = 4_000;
const BATCH = 250;
/** Payloads of exactly this many bytes of JSON. */
const RECORD_BYTES = 400;
/** Each shard reader's buffer: ~100 of these records (600 bytes each as it counts them). */
const READER_BUFFER_BYTES = 64 * 1024;
/**
 * An unbounded queue would hold all TOTAL records, decoded: about 1.8 KB each, 7 MB in all. The
 * bounded ones hold the queue's 200 and each reader's buffer of ~100 per shard: ~1.1 MB.
 */
const MAX_HEAP_GROWTH = 3 * 1024 * 1024;

// The SSE route reads its queue bound from the configuration, once per module graph; this file's
// graph is fresh (vitest isolates files), so setting it before the first request is enough.
const savedQueueRecords = process.env.SHARDSCOPE_TAIL_QUEUE_RECORDS;
const savedBufferBytes = process.env.SHARDSCOPE_TAIL_READER_BUFFER_BYTES;
process.env.SHARDSCOPE_TAIL_QUEUE_RECORDS = String(QUEUE_RECORDS);
process.env.SHARDSCOPE_TAIL_READER_BUFFER_BYTES = String(READER_BUFFER_BYTES);

let direct: KinesisClient;

// Exposes V8's collector so that heap figures are live data, not garbage awaiting collection.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

function liveHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Calls the route as Next would. The caller must keep `req` reachable while it uses the response:
 * a Request follows the given signal only through a weak reference, so a collected Request (these
 * tests run the collector) would never pass the abort on to the route.
 */
async function openTail(signal: AbortSignal, stream = STREAM, from = "LATEST"): Promise<{ req: Request; res: Response }> {
  const req = new Request(`http://localhost/api/streams/${stream}/tail?from=${from}`, { signal });
  const res = await GET(req, streamCtx(stream));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  return { req, res };
}

beforeAll(async () => {
  direct = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await Promise.all([
    direct.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: SHARDS, StreamModeDetails: { StreamMode: "PROVISIONED" } })),
    direct.send(new CreateStreamCommand({ StreamName: BACKLOG_STREAM, ShardCount: 1, StreamModeDetails: { StreamMode: "PROVISIONED" } })),
  ]);
  await Promise.all([waitUntilActive(direct, STREAM), waitUntilActive(direct, BACKLOG_STREAM)]);
});

afterAll(async () => {
  tailHub(await defaultScope()).stopAll();
  if (savedQueueRecords === undefined) delete process.env.SHARDSCOPE_TAIL_QUEUE_RECORDS;
  else process.env.SHARDSCOPE_TAIL_QUEUE_RECORDS = savedQueueRecords;
  if (savedBufferBytes === undefined) delete process.env.SHARDSCOPE_TAIL_READER_BUFFER_BYTES;
  else process.env.SHARDSCOPE_TAIL_READER_BUFFER_BYTES = savedBufferBytes;
  await Promise.all([STREAM, BACKLOG_STREAM].map((name) => direct?.send(new DeleteStreamCommand({ StreamName: name })).catch(() => {})));
  direct?.destroy();
});

interface Put {
  shardId: string;
  seq: string;
}

let batchNo = 0;

/** Puts `count` records of RECORD_BYTES bytes, in batches; returns them in put order. */
async function putRecords(count: number, stream = STREAM): Promise<Put[]> {
  const puts: Put[] = [];
  for (let done = 0; done < count; done += BATCH) {
    const b = batchNo++;
    const records = Array.from({ length: Math.min(BATCH, count - done) }, (_, i) => {
      const pad = "x".repeat(RECORD_BYTES - JSON.stringify({ b, i, pad: "" }).length);
      return { PartitionKey: `pk-${b}-${i}`, Data: new TextEncoder().encode(JSON.stringify({ b, i, pad })) };
    });
    const out = await direct.send(new PutRecordsCommand({ StreamName: stream, Records: records }));
    expect(out.FailedRecordCount ?? 0).toBe(0);
    for (const r of out.Records ?? []) puts.push({ shardId: r.ShardId!, seq: r.SequenceNumber! });
  }
  return puts;
}

function byShard(items: Put[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of items) out.set(i.shardId, [...(out.get(i.shardId) ?? []), i.seq]);
  return out;
}

describe("GET /api/streams/{name}/tail", () => {
  it("holds a client that stops reading to its queue and reader-buffer bounds, then tells it what it lost", async () => {
    const abort = new AbortController();
    // Beside it, a viewer with room for everything, on the same process-wide hub: it shares the
    // HTTP client's readers and tells when every record has passed through this process.
    const filter = compileTailFilter({});
    if (!filter.ok) throw new Error(filter.error);
    const fast = new TailSession({
      stream: STREAM,
      from: "LATEST",
      shardIds: [],
      filter,
      decoder: "auto",
      queueRecords: 1_000_000,
      queueBytes: 1024 * 1024 * 1024,
      hub: tailHub(await defaultScope()),
      listShards: async (name: string) => listShards(await defaultScope(), name),
      statsIntervalMs: 200,
    });
    try {
      const slow = await openTail(abort.signal);
      await fast.start();
      // What the fast viewer saw, per shard in order, as a running digest: the test keeps no records.
      const digests = new Map<string, Hash>();
      let fastRecords = 0;
      let fastLive = false;
      const fastDone = (async () => {
        for (let chunk = await fast.next(); chunk !== null; chunk = await fast.next()) {
          const e = parseSseEvent(chunk);
          if (e?.event === "stats") {
            const shards = (e.data as { shards: { state: string }[] }).shards;
            fastLive = shards.length === SHARDS && shards.every((x) => x.state === "live");
          }
          if (e?.event !== "records") continue;
          for (const r of (e.data as { records: RecordView[] }).records) {
            if (!digests.has(r.shardId)) digests.set(r.shardId, createHash("sha256"));
            digests.get(r.shardId)!.update(`${r.sequenceNumber}\n`);
            fastRecords++;
          }
        }
      })();
      await waitFor("the readers live", () => fastLive);
      expect(tailHub(await defaultScope()).snapshot().readers).toBe(SHARDS);

      // A first round runs every code path once, so that the heap figures below compare like with like.
      const all = await putRecords(WARM_UP);
      await waitFor("the warm-up records", () => fastRecords >= WARM_UP);

      const before = liveHeap();
      all.push(...(await putRecords(TOTAL - WARM_UP)));
      await waitFor("every record to pass through", () => fastRecords >= TOTAL, 60_000);
      const grown = liveHeap() - before;
      expect(fastRecords).toBe(TOTAL);
      const expected = byShard(all);
      for (const [id, seqs] of expected) {
        expect(digests.get(id)?.digest("hex"), id).toBe(
          createHash("sha256")
            .update(seqs.map((x) => `${x}\n`).join(""))
            .digest("hex"),
        );
      }
      expect(new Set(all.map((p) => p.shardId)).size).toBe(SHARDS);
      // What stays is the HTTP client's queue of at most QUEUE_RECORDS records and what the readers'
      // buffers hold for it, not all of them.
      expect(grown, `heap grew by ${grown} bytes`).toBeLessThan(MAX_HEAP_GROWTH);

      // Now the HTTP client reads: first the loss, as one count, then the oldest records its queue
      // took, then the newest ones the readers' buffers still held for it.
      const events: string[] = [];
      const dropped: number[] = [];
      const late: Put[] = [];
      const slowDone = readSseEvents(slow.res.body!, (e) => {
        events.push(e.event);
        if (e.event === "dropped") dropped.push((e.data as { count: number }).count);
        if (e.event === "records") late.push(...(e.data as { records: RecordView[] }).records.map((r) => ({ shardId: r.shardId, seq: r.sequenceNumber })));
      });
      await waitFor("the queued records", () => dropped.length > 0 && late.length + dropped[0]! >= TOTAL);
      await sleep(300);
      expect(events[0]).toBe("dropped");
      expect(dropped).toHaveLength(1);
      expect(late.length).toBeGreaterThan(QUEUE_RECORDS);
      expect(late.length).toBeLessThan(TOTAL / 2);
      expect(dropped[0]! + late.length).toBe(TOTAL);
      // Per shard: the first records (those the queue took) and the last (those its reader still
      // held), in order; what went was one stretch in between.
      for (const [id, seqs] of byShard(late)) {
        const all = expected.get(id)!;
        let head = 0;
        while (head < seqs.length && seqs[head] === all[head]) head++;
        expect(seqs.slice(head), id).toEqual(all.slice(all.length - (seqs.length - head)));
      }

      // Disconnecting ends the route's session, and with it the response.
      abort.abort();
      await slowDone;
      expect(slow.req.signal.aborted).toBe(true);
      fast.close();
      await fastDone;
    } finally {
      abort.abort();
      fast.close();
    }
  }, 120_000);

  it("delivers a backlog larger than the queue bound, whole, to a client that keeps reading", async () => {
    // Catching up, a reader fetches what the shard holds in few large GetRecords calls; a batch
    // larger than a viewer's whole queue would lose its oldest part even with the viewer idle.
    const puts = await putRecords(BACKLOG, BACKLOG_STREAM);
    const abort = new AbortController();
    try {
      const { req, res } = await openTail(abort.signal, BACKLOG_STREAM, "TRIM_HORIZON");
      const received: Put[] = [];
      const dropped: number[] = [];
      const done = readSseEvents(res.body!, (e) => {
        if (e.event === "dropped") dropped.push((e.data as { count: number }).count);
        if (e.event === "records") received.push(...(e.data as { records: RecordView[] }).records.map((r) => ({ shardId: r.shardId, seq: r.sequenceNumber })));
      });
      await waitFor("the backlog", () => received.length + dropped.reduce((a, b) => a + b, 0) >= BACKLOG);
      await sleep(1_200);
      expect(dropped).toEqual([]);
      expect(received).toEqual(puts);
      abort.abort();
      await done;
      expect(req.signal.aborted).toBe(true);
    } finally {
      abort.abort();
    }
  });
});
