// Searches against kinesis-local, read through the fault proxy (which counts GetRecords per shard
// and throttles on demand): windows that start and end mid-shard, across a split and a merge, a
// keyed search that reads only where its key can be, the search's own share of each shard's
// budget, throttling ridden out, a slow client that loses nothing, and the time, bytes and
// maximum limits, each said in the `done` event.
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  MergeShardsCommand,
  PutRecordsCommand,
  SplitShardCommand,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { RecordView } from "@/lib/records/types";
import { planSearch } from "@/lib/search/search-plan";
import type { SearchDoneEvent, SearchPlanEvent, SearchProgressEvent } from "@/lib/search/types";
import { compileTailFilter, type TailFilterSpec } from "@/lib/tail/tail-filter";
import { listAllShards } from "@/lib/server/kinesis/shards";
import { TailHub } from "@/lib/server/tail/tail-hub";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { startFaultProxy, type FaultProxy } from "@/scripts/lib/fault-proxy";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { parseSseEvent } from "@/scripts/testing/sse-events";
import { ByteBudget } from "@/lib/server/util/byte-budget";
import { CALL_BYTES, SearchSession, type SearchLimits, type SearchSessionOptions } from "./search-session";

const prefix = `ss-search-${randomBytes(4).toString("hex")}`;
const STREAMS = {
  window: { name: `${prefix}-window`, shards: 2 },
  reshard: { name: `${prefix}-reshard`, shards: 1 },
  keyed: { name: `${prefix}-keyed`, shards: 4 },
  big: { name: `${prefix}-big`, shards: 2 },
} as const;

const SHARD = (n: number) => `shardId-${String(n).padStart(12, "0")}`;
const SPLIT_AT = (2n ** 127n).toString();

let direct: KinesisClient;
let proxy: FaultProxy;
let client: KinesisClient;
let hub: TailHub;
const sessions: SearchSession[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Put {
  key: string;
  n: number;
  phase: string;
  shardId: string;
  sequenceNumber: string;
}

/** Writes `count` JSON records, keys `customer-0000` … cycling over `keys`, and says where each went. */
async function put(stream: string, phase: string, count: number, keys = 50, from = 0): Promise<Put[]> {
  const out: Put[] = [];
  for (let i = 0; i < count; i += 500) {
    const entries = Array.from({ length: Math.min(500, count - i) }, (_, j) => {
      const n = from + i + j;
      const key = `customer-${String(n % keys).padStart(4, "0")}`;
      return { n, key, data: Buffer.from(JSON.stringify({ n, phase, customer: key, total: (n * 37) % 2000, pad: "x".repeat(200) })) };
    });
    const res = await direct.send(new PutRecordsCommand({ StreamName: stream, Records: entries.map((e) => ({ PartitionKey: e.key, Data: e.data })) }));
    expect(res.FailedRecordCount ?? 0).toBe(0);
    res.Records?.forEach((r, j) => out.push({ key: entries[j]!.key, n: entries[j]!.n, phase, shardId: r.ShardId!, sequenceNumber: r.SequenceNumber! }));
  }
  return out;
}

const LIMITS: SearchLimits = {
  callsPerSecond: 5,
  concurrency: 8,
  batchLimit: 10_000,
  maxMs: 60_000,
  maxBytes: 1024 ** 3,
  queueRecords: 5_000,
  queueBytes: 8 * 1024 * 1024,
};

interface SearchRun {
  plan?: SearchPlanEvent;
  records: RecordView[];
  progress: SearchProgressEvent[];
  errors: unknown[];
  done?: SearchDoneEvent;
  session: SearchSession;
}

async function search(
  stream: string,
  opts: Partial<Omit<SearchSessionOptions, "limits" | "plan" | "filter">> & {
    filter?: TailFilterSpec;
    chosen?: string[];
    limits?: Partial<SearchLimits>;
    /** Milliseconds to wait before taking each chunk: a slow client. */
    readDelayMs?: number;
  } = {},
): Promise<SearchRun> {
  const shards = await listAllShards(direct, stream);
  const filter = compileTailFilter(opts.filter ?? {});
  if (!filter.ok) throw new Error(filter.error);
  const session = new SearchSession({
    stream,
    from: "TRIM_HORIZON",
    endMs: Date.now(),
    plan: planSearch({ shards, chosen: opts.chosen ?? [], key: opts.filter?.key, keyMode: opts.filter?.keyMode }),
    totalShards: shards.length,
    decoder: "auto",
    max: 100_000,
    client,
    readBuffer: new ByteBudget(64 * 1024 * 1024),
    lendBudget: (shardId) => hub.lendBudget(stream, shardId),
    format: "sse",
    endpoint: proxy.endpoint,
    progressMs: 100,
    ...opts,
    filter,
    limits: { ...LIMITS, ...opts.limits },
  });
  sessions.push(session);
  session.start();
  const run: SearchRun = { records: [], progress: [], errors: [], session };
  for (let chunk = await session.next(); chunk !== null; chunk = await session.next()) {
    const e = parseSseEvent(chunk);
    if (!e) continue;
    if (e.event === "plan") run.plan = e.data as SearchPlanEvent;
    else if (e.event === "records") run.records.push(...(e.data as { records: RecordView[] }).records);
    else if (e.event === "progress") run.progress.push(e.data as SearchProgressEvent);
    else if (e.event === "error") run.errors.push(e.data);
    else if (e.event === "done") run.done = e.data as SearchDoneEvent;
    if (opts.readDelayMs) await sleep(opts.readDelayMs);
  }
  return run;
}

const idsOf = (rs: { shardId: string; sequenceNumber: string }[]) => rs.map((r) => `${r.shardId}/${r.sequenceNumber}`).sort();

/** Every GetRecords call the proxy saw since `from`, by shard id. */
function callsByShard(stream: string, from: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of proxy.shardCalls().slice(from)) {
    if (!c.shard.startsWith(`${stream}/`)) continue;
    const id = c.shard.slice(stream.length + 1);
    out[id] = (out[id] ?? 0) + 1;
  }
  return out;
}

const phases: Record<string, Put[]> = {};
/** Between the window stream's phases: times no record arrived at. */
const marks = { t1: 0, t2: 0, split: 0 };

beforeAll(async () => {
  const endpoint = inject("kinesisEndpoint");
  direct = createScriptKinesisClient({ endpoint });
  proxy = await startFaultProxy({ target: endpoint, trackShards: true });
  client = createScriptKinesisClient({ endpoint: proxy.endpoint, maxAttempts: 1 });
  const all = Object.values(STREAMS);
  await Promise.all(
    all.map((s) => direct.send(new CreateStreamCommand({ StreamName: s.name, ShardCount: s.shards, StreamModeDetails: { StreamMode: "PROVISIONED" } }))),
  );
  await Promise.all(all.map((s) => waitUntilActive(direct, s.name)));

  // Three phases a second apart, so that a window can start and end between them, mid-shard.
  phases.a = await put(STREAMS.window.name, "a", 300);
  await sleep(1_100);
  marks.t1 = Date.now();
  await sleep(1_100);
  phases.b = await put(STREAMS.window.name, "b", 300, 50, 300);
  await sleep(1_100);
  marks.t2 = Date.now();
  await sleep(1_100);
  phases.c = await put(STREAMS.window.name, "c", 300, 50, 600);

  // One shard, split in two, merged back into one: records in each generation.
  const r = STREAMS.reshard.name;
  phases.r0 = await put(r, "r0", 200);
  await direct.send(new SplitShardCommand({ StreamName: r, ShardToSplit: SHARD(0), NewStartingHashKey: SPLIT_AT }));
  await waitUntilActive(direct, r);
  await sleep(1_100);
  marks.split = Date.now();
  phases.r1 = await put(r, "r1", 200, 50, 200);
  await direct.send(new MergeShardsCommand({ StreamName: r, ShardToMerge: SHARD(1), AdjacentShardToMerge: SHARD(2) }));
  await waitUntilActive(direct, r);
  phases.r2 = await put(r, "r2", 200, 50, 400);

  phases.keyed = await put(STREAMS.keyed.name, "k", 1_000);
  phases.big = await put(STREAMS.big.name, "big", 6_000, 500);
}, 120_000);

afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
  hub?.stopAll();
  proxy.clearFaults();
});

afterAll(async () => {
  await Promise.all(Object.values(STREAMS).map((s) => direct?.send(new DeleteStreamCommand({ StreamName: s.name })).catch(() => {})));
  client?.destroy();
  direct?.destroy();
  await proxy?.stop();
});

const freshHub = () => {
  hub = new TailHub(client, { callsPerSecond: 1, maxCallsPerSecond: 5, idleStopMs: 1_000, endpoint: proxy.endpoint });
};

describe("windows", () => {
  it("reads a window that starts and ends mid-shard: exactly the records that arrived in it", async () => {
    freshHub();
    const run = await search(STREAMS.window.name, { from: "AT_TIMESTAMP", at: new Date(marks.t1).toISOString(), endMs: marks.t2 });
    expect(idsOf(run.records)).toEqual(idsOf(phases.b!));
    expect(run.done).toMatchObject({ reason: "window", matched: 300 });
    expect(run.plan?.window).toEqual({ start: new Date(marks.t1).toISOString(), end: new Date(marks.t2).toISOString() });
    expect(run.done?.shards.every((s) => s.state === "done" && s.coveredPercent === 100)).toBe(true);
    // Stopped at the first record after the end: phase c was never scanned past it.
    expect(run.done!.scanned).toBeLessThan(600);
  });

  it("reads from the oldest record to a time, and from a time to now", async () => {
    freshHub();
    const head = await search(STREAMS.window.name, { endMs: marks.t1 });
    expect(idsOf(head.records)).toEqual(idsOf(phases.a!));
    const tail = await search(STREAMS.window.name, { from: "AT_TIMESTAMP", at: new Date(marks.t2).toISOString() });
    expect(idsOf(tail.records)).toEqual(idsOf(phases.c!));
  });

  it("filters with the tail's filters, on the server", async () => {
    freshHub();
    const run = await search(STREAMS.window.name, { filter: { expr: 'total > 1500 and phase == "b"' } });
    const expected = phases.b!.filter((p) => (p.n * 37) % 2000 > 1500);
    expect(expected.length).toBeGreaterThan(10);
    expect(idsOf(run.records)).toEqual(idsOf(expected));
    expect(run.done).toMatchObject({ reason: "window", matched: expected.length, scanned: 900 });
  });
});

describe("resharding", () => {
  it("follows a split and a merge: every record of the window once, parents read before children", async () => {
    freshHub();
    const run = await search(STREAMS.reshard.name);
    const all = [...phases.r0!, ...phases.r1!, ...phases.r2!];
    expect(idsOf(run.records)).toEqual(idsOf(all));
    expect(run.plan?.shards).toEqual([SHARD(0), SHARD(1), SHARD(2), SHARD(3)]);
    // A window from after the split to now: the split's children and the merged shard, nothing of the parent.
    const later = await search(STREAMS.reshard.name, { from: "AT_TIMESTAMP", at: new Date(marks.split).toISOString() });
    expect(idsOf(later.records)).toEqual(idsOf([...phases.r1!, ...phases.r2!]));
  });

  it("reads a key's shard and its ancestors only, over the split and the merge", async () => {
    freshHub();
    const key = "customer-0007";
    const before = proxy.shardCalls().length;
    const run = await search(STREAMS.reshard.name, { filter: { key } });
    const all = [...phases.r0!, ...phases.r1!, ...phases.r2!].filter((p) => p.key === key);
    expect(idsOf(run.records)).toEqual(idsOf(all));
    // The key went to one child of the split: the other child is never read.
    const child = phases.r1!.find((p) => p.key === key)!.shardId;
    const other = child === SHARD(1) ? SHARD(2) : SHARD(1);
    expect(run.plan?.shards).toEqual([SHARD(0), child, SHARD(3)]);
    expect(run.plan?.keyed).toMatchObject({ key, openShardId: SHARD(3) });
    expect(Object.keys(callsByShard(STREAMS.reshard.name, before)).sort()).toEqual([SHARD(0), child, SHARD(3)].sort());
    expect(callsByShard(STREAMS.reshard.name, before)[other]).toBeUndefined();
  });
});

describe("a keyed search", () => {
  it("reads one shard of four: its records only, and none of the other shards' data", async () => {
    freshHub();
    const key = "customer-0042";
    const shard = phases.keyed!.find((p) => p.key === key)!.shardId;
    const before = proxy.shardCalls().length;
    const run = await search(STREAMS.keyed.name, { filter: { key } });
    expect(idsOf(run.records)).toEqual(idsOf(phases.keyed!.filter((p) => p.key === key)));
    expect(run.plan).toMatchObject({ shards: [shard], totalShards: 4, keyed: { key, openShardId: shard } });
    expect(Object.keys(callsByShard(STREAMS.keyed.name, before))).toEqual([shard]);
    expect(run.done!.scanned).toBe(phases.keyed!.filter((p) => p.shardId === shard).length);
  });
});

describe("the read budget and throttling", () => {
  it("keeps to its own share of each shard's calls per second", async () => {
    freshHub();
    const before = proxy.shardCalls().length;
    const run = await search(STREAMS.big.name, { limits: { batchLimit: 200, callsPerSecond: 2 } });
    expect(run.done?.reason).toBe("window");
    expect(run.records).toHaveLength(6_000);
    const calls = proxy.shardCalls().slice(before);
    for (const shard of [SHARD(0), SHARD(1)]) {
      const times = calls.filter((c) => c.shard === `${STREAMS.big.name}/${shard}`).map((c) => c.at);
      expect(times.length).toBeGreaterThan(10);
      // No second holds more than the search's share (2 calls) of this shard.
      for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(950);
    }
    // Progress said what each shard may spend, and how fast it went.
    expect(run.progress.at(-1)?.shards.every((s) => s.budgetPerSecond === 2)).toBe(true);
    expect(run.progress.some((p) => p.shards.some((s) => s.state === "reading" && s.recordsPerSecond > 0))).toBe(true);
    expect(run.progress.some((p) => p.etaMs !== undefined)).toBe(true);
  });

  it("rides out throttling: says so in its progress, then reads everything", async () => {
    freshHub();
    const thrown = proxy.faults().throttled;
    proxy.throttleGetRecords(3);
    const run = await search(STREAMS.keyed.name, { chosen: [SHARD(0)] });
    expect(proxy.faults().throttled - thrown).toBe(3);
    expect(run.progress.some((p) => p.shards.some((s) => s.state === "throttled" && /throttled/i.test(s.message ?? "")))).toBe(true);
    expect(idsOf(run.records)).toEqual(idsOf(phases.keyed!.filter((p) => p.shardId === SHARD(0))));
    expect(run.done?.reason).toBe("window");
  });
});

describe("limits", () => {
  it("stops at the maximum number of matches", async () => {
    freshHub();
    const run = await search(STREAMS.big.name, { max: 25 });
    expect(run.records).toHaveLength(25);
    expect(run.done).toMatchObject({ reason: "max", matched: 25 });
    expect(run.done!.message).toMatch(/maximum of 25/);
  });

  it("stops at the time limit and says how far each shard got", async () => {
    freshHub();
    const run = await search(STREAMS.big.name, { limits: { maxMs: 700, batchLimit: 50, callsPerSecond: 2 } });
    expect(run.done).toMatchObject({ reason: "limit", limit: "time" });
    expect(run.done!.message).toMatch(/time limit.*SHARDSCOPE_SEARCH_MAX_SECONDS/);
    expect(run.done!.scanned).toBeGreaterThan(0);
    expect(run.done!.scanned).toBeLessThan(6_000);
    expect(run.done!.shards.every((s) => s.state === "stopped" && s.coveredPercent < 100)).toBe(true);
    expect(run.records.length).toBe(run.done!.matched);
  });

  it("stops at the bytes limit", async () => {
    freshHub();
    const run = await search(STREAMS.big.name, { limits: { maxBytes: 100_000, batchLimit: 100 } });
    expect(run.done).toMatchObject({ reason: "limit", limit: "bytes" });
    expect(run.done!.bytes).toBeGreaterThanOrEqual(100_000);
    expect(run.done!.bytes).toBeLessThan(100_000 + 2 * 100 * 400);
    expect(run.done!.message).toMatch(/SHARDSCOPE_SEARCH_MAX_BYTES/);
  });
});

/** A buffer that remembers the most it ever held. */
class PeakBudget extends ByteBudget {
  peak = 0;
  override async reserve(bytes: number, signal?: AbortSignal): Promise<() => void> {
    const release = await super.reserve(bytes, signal);
    this.peak = Math.max(this.peak, this.inUse);
    return release;
  }
}

describe("the server's search buffer", () => {
  it("holds one answer at a time when it has room for one, across two searches, and both still read everything", async () => {
    freshHub();
    const buffer = new PeakBudget(CALL_BYTES);
    const [a, b] = await Promise.all([search(STREAMS.keyed.name, { readBuffer: buffer }), search(STREAMS.keyed.name, { readBuffer: buffer })]);
    for (const run of [a, b]) {
      expect(run.done?.reason).toBe("window");
      expect(idsOf(run.records)).toEqual(idsOf(phases.keyed!));
    }
    expect(buffer.peak).toBe(CALL_BYTES);
    expect(buffer.inUse).toBe(0);
    expect(buffer.queued).toBe(0);
  });

  it("lets one search hold at most half of it, however many shards it reads at once", async () => {
    freshHub();
    const buffer = new PeakBudget(4 * CALL_BYTES);
    const run = await search(STREAMS.keyed.name, { readBuffer: buffer, limits: { concurrency: 4 } });
    expect(idsOf(run.records)).toEqual(idsOf(phases.keyed!));
    expect(buffer.peak).toBe(2 * CALL_BYTES);
    expect(buffer.inUse).toBe(0);
  });

  it("gives back what a search held or waited for when it is closed", async () => {
    freshHub();
    const buffer = new PeakBudget(CALL_BYTES);
    const held = await buffer.reserve(CALL_BYTES); // someone else holds all of it
    const shards = await listAllShards(direct, STREAMS.keyed.name);
    const session = new SearchSession({
      stream: STREAMS.keyed.name,
      from: "TRIM_HORIZON",
      endMs: Date.now(),
      plan: planSearch({ shards, chosen: [] }),
      totalShards: shards.length,
      filter: compileTailFilter({}) as ReturnType<typeof compileTailFilter> & { ok: true },
      decoder: "auto",
      max: 100_000,
      limits: LIMITS,
      client,
      readBuffer: buffer,
      lendBudget: (shardId) => hub.lendBudget(STREAMS.keyed.name, shardId),
      format: "sse",
      progressMs: 50,
    });
    sessions.push(session);
    session.start();
    // Every shard waits for room, and says so.
    let waiting: SearchProgressEvent | undefined;
    for (let chunk = await session.next(); chunk !== null && !waiting; chunk = await session.next()) {
      const e = parseSseEvent(chunk);
      if (e?.event === "progress" && (e.data as SearchProgressEvent).shards.some((s) => /search buffer/.test(s.message ?? "")))
        waiting = e.data as SearchProgressEvent;
    }
    expect(waiting).toBeDefined();
    expect(buffer.queued).toBeGreaterThan(0);
    session.close();
    await sleep(50);
    expect(buffer.queued).toBe(0);
    held();
    expect(buffer.inUse).toBe(0);
  });
});

describe("the event loop", () => {
  /** The longest run of records filtered without the event loop turning once (a setImmediate chain counts its turns). */
  async function longestRun(sliceRecords: number): Promise<number> {
    freshHub();
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const compiled = compileTailFilter({ expr: "total > 1999" });
    if (!compiled.ok) throw new Error(compiled.error);
    let run = 0;
    let longest = 0;
    let last = -1;
    // The filter the session runs, noting at which turn of the loop each record is tested.
    const filter = {
      ...compiled,
      test: (r: RecordView, onError?: (e: { message: string; record: RecordView }) => void) => {
        run = turns === last ? run + 1 : 1;
        last = turns;
        longest = Math.max(longest, run);
        return compiled.test(r, onError);
      },
    };
    const shards = await listAllShards(direct, STREAMS.big.name);
    const session = new SearchSession({
      stream: STREAMS.big.name,
      from: "TRIM_HORIZON",
      endMs: Date.now(),
      plan: planSearch({ shards, chosen: [] }),
      totalShards: shards.length,
      filter,
      decoder: "auto",
      max: 100_000,
      limits: LIMITS,
      client,
      readBuffer: new ByteBudget(64 * 1024 * 1024),
      lendBudget: (shardId) => hub.lendBudget(STREAMS.big.name, shardId),
      format: "sse",
      sliceRecords,
    });
    sessions.push(session);
    session.start();
    while ((await session.next()) !== null);
    running = false;
    return longest;
  }

  it("yields between slices of a batch: a 3,000-record batch never holds it for more than a slice per shard", async () => {
    // Two shards of ~3,000 records each, read in one GetRecords call each.
    expect(await longestRun(500)).toBeLessThanOrEqual(2 * 500);
    // The measure tells the difference: without slices a whole batch is filtered in one turn.
    expect(await longestRun(100_000)).toBeGreaterThanOrEqual(2_500);
  });
});

describe("a slow client", () => {
  it("pauses the readers instead of dropping: a small queue, every match delivered", async () => {
    freshHub();
    const run = await search(STREAMS.keyed.name, { limits: { queueRecords: 50, batchLimit: 500 }, readDelayMs: 2 });
    expect(idsOf(run.records)).toEqual(idsOf(phases.keyed!));
    expect(run.session.snapshot.queuedRecords).toBe(0);
  });

  it("stops reading when closed mid-search and gives every budget loan back", async () => {
    freshHub();
    const session = new SearchSession({
      stream: STREAMS.big.name,
      from: "TRIM_HORIZON",
      endMs: Date.now(),
      plan: planSearch({ shards: await listAllShards(direct, STREAMS.big.name), chosen: [] }),
      totalShards: 2,
      filter: compileTailFilter({}) as ReturnType<typeof compileTailFilter> & { ok: true },
      decoder: "auto",
      max: 100_000,
      limits: { ...LIMITS, batchLimit: 20, callsPerSecond: 2 },
      client,
      readBuffer: new ByteBudget(64 * 1024 * 1024),
      lendBudget: (shardId) => hub.lendBudget(STREAMS.big.name, shardId),
      format: "sse",
    });
    sessions.push(session);
    session.start();
    await session.next();
    await session.next();
    await sleep(600);
    session.close();
    const before = proxy.shardCalls().length;
    await sleep(1_500);
    expect(proxy.shardCalls().length).toBe(before);
    expect(await session.next()).toBeNull();
    // Every loan was given back: the hub keeps no budget for the stream once the last slot is a second old.
    await sleep(1_200);
    expect(Object.keys(hub.snapshot().calls).filter((k) => k.startsWith(STREAMS.big.name))).toEqual([]);
  });
});
