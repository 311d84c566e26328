// The live tail against kinesis-local, read through a fault-injecting proxy (kinesis-local itself
// never throttles, never expires iterators and never goes away): shared readers keep GetRecords at
// one reader's rate however many viewers watch, resume ids lose and repeat nothing, resharding is
// followed parent first, faults are ridden out and shown, and a slow viewer is told what it lost.
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ProvisionedThroughputExceededException,
  PutRecordCommand,
  PutRecordsCommand,
  SplitShardCommand,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { ReaderState, TailErrorEvent, TailShardsEvent, TailStatsEvent } from "@/lib/tail/types";
import type { RecordView } from "@/lib/records/types";
import { listAllShards } from "@/lib/server/kinesis/shards";
import { decodeCheckpoint } from "@/lib/tail/tail-checkpoint";
import { compileTailFilter } from "@/lib/tail/tail-filter";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { startFaultProxy, type FaultProxy } from "@/scripts/lib/fault-proxy";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { TailHub } from "./tail-hub";
import { TailSession, type TailSessionOptions } from "./tail-session";
import { parseSseEvent } from "@/scripts/testing/sse-events";

const prefix = `ss-tail-${randomBytes(4).toString("hex")}`;
const STREAMS = {
  fanOut: { name: `${prefix}-fan-out`, shards: 2 },
  resumeTrim: { name: `${prefix}-resume-trim`, shards: 2 },
  resumeLatest: { name: `${prefix}-resume-latest`, shards: 2 },
  reshard: { name: `${prefix}-reshard`, shards: 1 },
  throttle: { name: `${prefix}-throttle`, shards: 1 },
  expire: { name: `${prefix}-expire`, shards: 1 },
  down: { name: `${prefix}-down`, shards: 1 },
  slow: { name: `${prefix}-slow`, shards: 1 },
  catchup: { name: `${prefix}-catchup`, shards: 1 },
} as const;

const SHARD_0 = "shardId-000000000000";
const SHARD_1 = "shardId-000000000001";
const SHARD_2 = "shardId-000000000002";
/** Explicit hash keys at both ends of the key space: one per shard of a two-shard stream (or split). */
const LOW_KEY = "1";
const HIGH_KEY = (2n ** 128n - 2n).toString();
const SPLIT_AT = (2n ** 127n).toString();

/** Talks to kinesis-local directly: setup and producers, never faulted. */
let direct: KinesisClient;
let proxy: FaultProxy;
/** The tail's client: through the proxy, one attempt per call so that the SDK hides no fault. */
let client: KinesisClient;
let hub: TailHub;
const sessions: TailSession[] = [];
const producers: Producer[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

function newHub(): TailHub {
  return new TailHub(client, { callsPerSecond: 1, maxCallsPerSecond: 5, idleStopMs: 1_000, endpoint: proxy.endpoint });
}

async function openSession(stream: string, opts: Partial<TailSessionOptions> = {}): Promise<TailSession> {
  const filter = compileTailFilter({});
  if (!filter.ok) throw new Error(filter.error);
  const session = new TailSession({
    stream,
    from: "LATEST",
    shardIds: [],
    filter,
    decoder: "auto",
    queueRecords: 5_000,
    queueBytes: 8 * 1024 * 1024,
    hub,
    listShards: (name) => listAllShards(client, name),
    statsIntervalMs: 200,
    heartbeatMs: 1_000,
    ...opts,
  });
  sessions.push(session);
  await session.start();
  return session;
}

/** A viewer that reads its session as fast as it can and keeps what it saw. */
class Viewer {
  readonly records: RecordView[] = [];
  readonly events: string[] = [];
  readonly stats: TailStatsEvent[] = [];
  readonly shardLists: TailShardsEvent[] = [];
  readonly dropped: number[] = [];
  readonly errors: TailErrorEvent[] = [];
  lastRecordsId: string | undefined;
  readonly finished: Promise<void>;

  constructor(readonly session: TailSession) {
    this.finished = this.read();
  }

  private async read(): Promise<void> {
    for (let chunk = await this.session.next(); chunk !== null; chunk = await this.session.next()) {
      const e = parseSseEvent(chunk);
      if (!e) continue;
      this.events.push(e.event);
      if (e.event === "records") {
        this.records.push(...(e.data as { records: RecordView[] }).records);
        this.lastRecordsId = e.id;
      } else if (e.event === "stats") this.stats.push(e.data as TailStatsEvent);
      else if (e.event === "shards") this.shardLists.push(e.data as TailShardsEvent);
      else if (e.event === "dropped") this.dropped.push((e.data as { count: number }).count);
      else if (e.event === "error") this.errors.push(e.data as TailErrorEvent);
    }
  }

  /** The states a shard's reader went through once it first read, as stats events showed them, repeats folded. */
  states(shardId: string): ReaderState[] {
    const out: ReaderState[] = [];
    for (const s of this.stats) {
      const state = s.shards.find((x) => x.shardId === shardId)?.state;
      if (state && state !== "starting" && out.at(-1) !== state) out.push(state);
    }
    return out;
  }

  messages(shardId: string, state: ReaderState): string[] {
    return this.stats.flatMap((s) => s.shards.filter((x) => x.shardId === shardId && x.state === state).map((x) => x.message ?? ""));
  }

  isLive(shardIds: string[]): boolean {
    const last = this.stats.at(-1);
    return !!last && shardIds.every((id) => last.shards.some((x) => x.shardId === id && x.state === "live"));
  }
}

interface Put {
  shardId: string;
  seq: string;
}

const keyOf = (r: { shardId: string; seq?: string; sequenceNumber?: string }) => `${r.shardId}/${r.seq ?? r.sequenceNumber}`;

/** Sequence numbers per shard, in the order given. */
function byShard(items: { shardId: string; seq?: string; sequenceNumber?: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of items) (out[i.shardId] ??= []).push(i.seq ?? i.sequenceNumber ?? "");
  return out;
}

/** Every put record arrived once, in its shard's order: no gap, no duplicate, nothing else. */
function expectExactly(received: RecordView[], puts: Put[]): void {
  expect(received).toHaveLength(puts.length);
  expect(byShard(received)).toEqual(byShard(puts));
}

let counter = 0;

async function put(stream: string, hashKey: string): Promise<Put> {
  const n = counter++;
  const out = await direct.send(
    new PutRecordCommand({
      StreamName: stream,
      PartitionKey: `pk-${n}`,
      ExplicitHashKey: hashKey,
      Data: new TextEncoder().encode(JSON.stringify({ n, at: Date.now() })),
    }),
  );
  return { shardId: out.ShardId!, seq: out.SequenceNumber! };
}

interface Producer {
  readonly puts: Put[];
  stop(): Promise<void>;
}

/** Puts one record at a time (so each shard's order is the put order), alternating both ends of the key space. */
function startProducer(stream: string, perSecond: number): Producer {
  const puts: Put[] = [];
  let stopped = false;
  const run = (async () => {
    const started = Date.now();
    for (let i = 0; !stopped; i++) {
      puts.push(await put(stream, i % 2 === 0 ? LOW_KEY : HIGH_KEY));
      const due = started + ((i + 1) * 1000) / perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
    }
  })();
  const producer: Producer = {
    puts,
    stop: async () => {
      stopped = true;
      await run;
    },
  };
  producers.push(producer);
  return producer;
}

beforeAll(async () => {
  const endpoint = inject("kinesisEndpoint");
  direct = createScriptKinesisClient({ endpoint });
  proxy = await startFaultProxy({ target: endpoint });
  client = createScriptKinesisClient({ endpoint: proxy.endpoint, maxAttempts: 1 });
  const all = Object.values(STREAMS);
  await Promise.all(
    all.map((s) => direct.send(new CreateStreamCommand({ StreamName: s.name, ShardCount: s.shards, StreamModeDetails: { StreamMode: "PROVISIONED" } }))),
  );
  await Promise.all(all.map((s) => waitUntilActive(direct, s.name)));
});

afterAll(async () => {
  await Promise.all(
    Object.values(STREAMS).map((s) => direct?.send(new DeleteStreamCommand({ StreamName: s.name, EnforceConsumerDeletion: true })).catch(() => {})),
  );
  client?.destroy();
  direct?.destroy();
  await proxy?.stop();
});

beforeEach(async () => {
  proxy.clearFaults();
  await proxy.up();
  hub = newHub();
});

afterEach(async () => {
  await Promise.all(producers.splice(0).map((p) => p.stop()));
  for (const s of sessions.splice(0)) s.close();
  hub.stopAll();
  proxy.clearFaults();
  await proxy.up();
});

describe("the fault proxy", () => {
  it("forwards requests, counts them per operation, and fails GetRecords the way Kinesis does", async () => {
    const stream = STREAMS.expire.name;
    proxy.reset();
    const { ShardIterator: iterator } = await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: SHARD_0, ShardIteratorType: "LATEST" }));
    const before = proxy.faults();

    proxy.throttleGetRecords(1);
    const throttled = await client.send(new GetRecordsCommand({ ShardIterator: iterator })).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(throttled).toMatchObject({ name: "ProvisionedThroughputExceededException", message: "Rate exceeded for shard", $metadata: { httpStatusCode: 400 } });

    proxy.expireIterators(1);
    const expired = await client.send(new GetRecordsCommand({ ShardIterator: iterator })).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(ExpiredIteratorException);
    expect(expired).toMatchObject({ name: "ExpiredIteratorException" });

    // Both faults were one-shot: the same iterator still reads.
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
    expect(page.Records).toEqual([]);

    await proxy.down();
    // A kept-alive connection is cut (ECONNRESET); a new one is refused (ECONNREFUSED).
    const cut = await client.send(new GetRecordsCommand({ ShardIterator: iterator })).catch((e: unknown) => e);
    expect(["ECONNRESET", "ECONNREFUSED"]).toContain((cut as { code?: string }).code);
    const refused = await new Promise<string | undefined>((resolve) =>
      net
        .connect({ host: "127.0.0.1", port: proxy.port })
        .once("connect", function (this: net.Socket) {
          this.destroy();
          resolve(undefined);
        })
        .once("error", (e: NodeJS.ErrnoException) => resolve(e.code)),
    );
    expect(refused).toBe("ECONNREFUSED");
    await proxy.up();
    expect((await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records).toEqual([]);

    expect(proxy.counts()).toEqual({ GetShardIterator: 1, GetRecords: 4 });
    expect(proxy.faults()).toEqual({ throttled: before.throttled + 1, expired: before.expired + 1 });
  });
});

describe("shared readers", () => {
  const WINDOW_MS = 6_000;
  const shards = [SHARD_0, SHARD_1];

  /** `viewers` viewers from LATEST for a fixed window while records arrive; what it cost in calls. */
  async function watch(viewers: number) {
    const stream = STREAMS.fanOut.name;
    hub.stopAll();
    hub = newHub();
    proxy.reset();
    const all = await Promise.all(Array.from({ length: viewers }, async () => new Viewer(await openSession(stream))));
    await waitFor("both readers live", () => all.every((v) => v.isLive(shards)));
    const opened = proxy.counts();
    const callsBefore = hub.snapshot().calls;
    const producer = startProducer(stream, 4);
    await sleep(WINDOW_MS);
    const callsAfter = hub.snapshot().calls;
    const closedWindow = proxy.counts();
    await producer.stop();
    await waitFor("every viewer to receive every record", () => all.every((v) => v.records.length >= producer.puts.length));
    for (const v of all) expectExactly(v.records, producer.puts);
    const perShard = Object.fromEntries(shards.map((id) => [id, callsAfter[`${stream}/${id}`]! - callsBefore[`${stream}/${id}`]!]));
    const readers = hub.snapshot().readers;
    for (const s of all.map((v) => v.session)) s.close();
    return {
      getRecords: closedWindow.GetRecords! - opened.GetRecords!,
      getShardIterator: opened.GetShardIterator,
      listShards: opened.ListShards,
      perShard,
      readers,
      records: producer.puts.length,
    };
  }

  it("50 viewers cost the GetRecords calls of one, and each gets every record", async () => {
    const one = await watch(1);
    const fifty = await watch(50);

    // One reader per shard either way, each opened with one iterator; each viewer listed shards once.
    expect(one).toMatchObject({ readers: 2, getShardIterator: 2, listShards: 1 });
    expect(fifty).toMatchObject({ readers: 2, getShardIterator: 2, listShards: 50 });
    // The budget while caught up is 1 call/s/shard: at most 6 calls per shard in 6 s, give or take
    // the phase of the poll (fewer when each call is slow); 50 viewers change that by at most that
    // one call per shard.
    for (const id of shards) {
      const detail = `${id}: ${one.perShard[id]} calls with 1 viewer, ${fifty.perShard[id]} with 50`;
      expect(one.perShard[id], detail).toBeGreaterThanOrEqual(3);
      expect(one.perShard[id], detail).toBeLessThanOrEqual(7);
      expect(Math.abs(fifty.perShard[id]! - one.perShard[id]!), detail).toBeLessThanOrEqual(1);
    }
    expect(Math.abs(fifty.getRecords - one.getRecords)).toBeLessThanOrEqual(shards.length);
    expect(one.records).toBeGreaterThanOrEqual(20);
    expect(fifty.records).toBeGreaterThanOrEqual(20);
  });
});

describe("resuming with Last-Event-ID", () => {
  it("yields exactly the records missed while away (from TRIM_HORIZON)", async () => {
    const stream = STREAMS.resumeTrim.name;
    const before: Put[] = [];
    for (let i = 0; i < 6; i++) before.push(await put(stream, i % 2 ? HIGH_KEY : LOW_KEY));

    const first = new Viewer(await openSession(stream, { from: "TRIM_HORIZON" }));
    await waitFor("the first records", () => first.records.length >= before.length);
    expectExactly(first.records, before);
    const id = first.lastRecordsId;
    first.session.close();

    const missed: Put[] = [];
    for (let i = 0; i < 8; i++) missed.push(await put(stream, i % 2 ? HIGH_KEY : LOW_KEY));
    const resume = decodeCheckpoint(id);
    expect(resume?.shards).toEqual({ [SHARD_0]: before[4]!.seq, [SHARD_1]: before[5]!.seq });

    const second = new Viewer(await openSession(stream, { from: "TRIM_HORIZON", resume }));
    await waitFor("the missed records", () => second.records.length >= missed.length);
    await waitFor("both readers polling again", () => second.isLive([SHARD_0, SHARD_1]));
    await sleep(1_200); // one more poll of each shard: nothing else may come
    expectExactly(second.records, missed);
  });

  it("resumes a shard that had no record yet at the time the tail started (from LATEST)", async () => {
    const stream = STREAMS.resumeLatest.name;
    // Records from before the tail started are never part of it, resumed or not.
    await put(stream, LOW_KEY);
    await put(stream, HIGH_KEY);
    await sleep(100);

    const first = new Viewer(await openSession(stream, { from: "LATEST" }));
    await waitFor("both readers live", () => first.isLive([SHARD_0, SHARD_1]));
    const seen: Put[] = [];
    for (let i = 0; i < 3; i++) seen.push(await put(stream, LOW_KEY));
    await waitFor("the first records", () => first.records.length >= seen.length);
    expectExactly(first.records, seen);
    const id = first.lastRecordsId;
    first.session.close();

    const missed: Put[] = [];
    for (let i = 0; i < 8; i++) missed.push(await put(stream, i % 2 ? HIGH_KEY : LOW_KEY));
    const resume = decodeCheckpoint(id);
    // Shard 1 delivered nothing: it resumes at the time the first tail started, not "from now".
    expect(resume?.shards).toEqual({ [SHARD_0]: seen[2]!.seq });
    expect(resume?.done).toEqual([]);

    const second = new Viewer(await openSession(stream, { from: "LATEST", resume }));
    await waitFor("the missed records", () => second.records.length >= missed.length);
    await waitFor("both readers polling again", () => second.isLive([SHARD_0, SHARD_1]));
    await sleep(1_200);
    expectExactly(second.records, missed);
  });
});

describe("resharding during the tail", () => {
  it("reads the parent to its end, then its children: every record exactly once, parent first", async () => {
    const stream = STREAMS.reshard.name;
    const v = new Viewer(await openSession(stream, { from: "TRIM_HORIZON" }));
    const producer = startProducer(stream, 20);
    await waitFor("records in the parent", () => producer.puts.length >= 30);

    await direct.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: SHARD_0, NewStartingHashKey: SPLIT_AT }));
    await waitUntilActive(direct, stream);
    await waitFor("records in both children", () => [SHARD_1, SHARD_2].every((id) => producer.puts.filter((p) => p.shardId === id).length >= 15));
    await producer.stop();

    await waitFor("every record", () => v.records.length >= producer.puts.length);
    await sleep(1_200);
    expectExactly(v.records, producer.puts);
    const shardsOf = v.records.map((r) => r.shardId);
    const parentCount = producer.puts.filter((p) => p.shardId === SHARD_0).length;
    expect(parentCount).toBeGreaterThanOrEqual(30);
    // The parent's records all come first; the children's follow.
    expect(shardsOf.slice(0, parentCount).every((id) => id === SHARD_0)).toBe(true);
    expect(shardsOf.slice(parentCount).every((id) => id !== SHARD_0)).toBe(true);

    expect(v.shardLists[0]?.shards).toEqual([{ shardId: SHARD_0, status: "reading" }]);
    expect(v.shardLists.at(-1)?.shards).toEqual([
      { shardId: SHARD_0, status: "done" },
      { shardId: SHARD_1, status: "reading" },
      { shardId: SHARD_2, status: "reading" },
    ]);
    expect(v.errors).toEqual([]);
  });
});

describe("faults on the way to Kinesis", () => {
  it("backs off while throttled, shows it, then recovers without losing or repeating a record", async () => {
    const stream = STREAMS.throttle.name;
    const v = new Viewer(await openSession(stream));
    await waitFor("the reader live", () => v.isLive([SHARD_0]));
    const producer = startProducer(stream, 10);
    await sleep(500);
    const before = proxy.faults().throttled;

    proxy.throttleGetRecords("all");
    const throttledAt = Date.now();
    await waitFor("the throttled state", () => v.states(SHARD_0).includes("throttled"));
    await sleep(throttledAt + 3_000 - Date.now());
    proxy.clearFaults();
    await waitFor("live again", () => v.states(SHARD_0).at(-1) === "live", 15_000);
    await producer.stop();

    await waitFor("every record", () => v.records.length >= producer.puts.length);
    await sleep(1_200);
    expectExactly(v.records, producer.puts);
    expect(v.states(SHARD_0)).toEqual(["live", "throttled", "live"]);
    expect(v.messages(SHARD_0, "throttled")[0]).toMatch(/^Throttled by Kinesis; retrying in \d+\.\d s\.$/);
    // Backing off 0.5, 1, 2 s… : a handful of refused calls in 3 s, not one per budget slot of 5/s.
    const refused = proxy.faults().throttled - before;
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(refused).toBeLessThanOrEqual(5);
  });

  it("renews an expired iterator from its checkpoint: no gap, no duplicate", async () => {
    const stream = STREAMS.expire.name;
    const v = new Viewer(await openSession(stream));
    await waitFor("the reader live", () => v.isLive([SHARD_0]));
    const puts: Put[] = [];
    for (let i = 0; i < 5; i++) puts.push(await put(stream, LOW_KEY));
    await waitFor("the first records", () => v.records.length >= 5);

    const before = { iterators: proxy.counts().GetShardIterator ?? 0, expired: proxy.faults().expired };
    proxy.expireIterators(3);
    for (let i = 0; i < 5; i++) puts.push(await put(stream, LOW_KEY));
    await waitFor("every record", () => v.records.length >= puts.length);
    await sleep(1_200);

    expectExactly(v.records, puts);
    expect(proxy.faults().expired - before.expired).toBe(3);
    // One new iterator per expiry, each after the last record passed on.
    expect((proxy.counts().GetShardIterator ?? 0) - before.iterators).toBe(3);
    expect(v.states(SHARD_0)).toEqual(["live"]);
  });

  it("shows 'reconnecting' while Kinesis is unreachable, then resumes where it was", async () => {
    const stream = STREAMS.down.name;
    const v = new Viewer(await openSession(stream));
    await waitFor("the reader live", () => v.isLive([SHARD_0]));
    const producer = startProducer(stream, 10);
    await sleep(500);

    await proxy.down();
    const downAt = Date.now();
    await waitFor("the reconnecting state", () => v.states(SHARD_0).includes("reconnecting"));
    await sleep(downAt + 3_000 - Date.now());
    await proxy.up();
    await waitFor("live again", () => v.states(SHARD_0).at(-1) === "live", 15_000);
    await producer.stop();

    await waitFor("every record", () => v.records.length >= producer.puts.length);
    await sleep(1_200);
    expectExactly(v.records, producer.puts);
    expect(v.states(SHARD_0)).toEqual(["live", "reconnecting", "live"]);
    expect(v.messages(SHARD_0, "reconnecting")[0]).toMatch(
      new RegExp(`^Cannot reach Kinesis at ${proxy.endpoint} \\((ECONNREFUSED|ECONNRESET)\\)\\..* Retrying in \\d+\\.\\d s\\.$`),
    );
    expect(v.errors).toEqual([]);
  });
});

describe("a viewer that stops reading", () => {
  it("never queues past its bound, holds back no other viewer, and is told exactly how many records it lost", async () => {
    const stream = STREAMS.slow.name;
    const BOUND = 200;
    const TOTAL = 2_000;
    // A reader buffer of ~160 of these records: the slow viewer falls further behind than that.
    const BUFFER = 64 * 1024;
    hub.stopAll();
    // At most 200 records (~76 KB) a call, so that "the bound plus the batch read last" is a bound
    // this test can state whatever the pace of the machine (at 10,000 a call, one call may take all).
    hub = new TailHub(client, { callsPerSecond: 1, maxCallsPerSecond: 5, idleStopMs: 1_000, endpoint: proxy.endpoint, bufferBytes: BUFFER, batchLimit: 200 });
    const slow = await openSession(stream, { queueRecords: BOUND });
    const fast = new Viewer(await openSession(stream));
    await waitFor("the reader live", () => fast.isLive([SHARD_0]));

    let maxQueued = 0;
    let maxBuffered = 0;
    const sampler = setInterval(() => {
      maxQueued = Math.max(maxQueued, slow.queued.records);
      maxBuffered = Math.max(maxBuffered, hub.snapshot().bufferedBytes);
    }, 2);
    const puts: Put[] = [];
    try {
      for (let batch = 0; batch < TOTAL / 100; batch++) {
        const out = await direct.send(
          new PutRecordsCommand({
            StreamName: stream,
            Records: Array.from({ length: 100 }, (_, i) => ({
              PartitionKey: `pk-${batch}-${i}`,
              Data: new TextEncoder().encode(JSON.stringify({ batch, i, pad: "x".repeat(150) })),
            })),
          }),
        );
        expect(out.FailedRecordCount ?? 0).toBe(0);
        for (const r of out.Records ?? []) puts.push({ shardId: r.ShardId!, seq: r.SequenceNumber! });
      }
      // The fast viewer shares the reader and is not held back by the one that stopped.
      await waitFor("the fast viewer to receive every record", () => fast.records.length >= TOTAL);
    } finally {
      clearInterval(sampler);
    }
    expectExactly(fast.records, puts);
    expect(hub.snapshot().readers).toBe(1);

    // Memory stays within the viewer's queue and the reader's buffer (plus the one batch read last).
    expect(maxQueued).toBeLessThanOrEqual(BOUND);
    expect(slow.queued.records).toBe(BOUND);
    // (Its bound, plus the batch read last, at most 200 records: all ${TOTAL} records held would be ~760 KB.)
    expect(maxBuffered).toBeLessThan(BUFFER + 200 * 380);

    const late = new Viewer(slow);
    await waitFor("every record sent or counted as lost", () => late.records.length + late.dropped.reduce((a, b) => a + b, 0) >= TOTAL);
    // What the slow viewer got: the oldest records its queue took, then the newest ones the reader
    // still held for it; what fell between is counted, not silently missing.
    const lost = late.dropped.reduce((a, b) => a + b, 0);
    expect(lost).toBeGreaterThan(0);
    expect(late.records.length).toBe(TOTAL - lost);
    const got = late.records.map(keyOf);
    const keys = puts.map(keyOf);
    expect(got.slice(0, BOUND)).toEqual(keys.slice(0, BOUND));
    expect(got.slice(BOUND)).toEqual(keys.slice(BOUND + lost));
    // Stats are sampled every 200 ms: wait for one taken after the last record arrived.
    await waitFor("stats of every record", () => late.stats.some((s) => s.scanned === TOTAL && s.queued === 0));
    expect(late.stats.find((s) => s.scanned === TOTAL && s.queued === 0)).toMatchObject({ matched: TOTAL, dropped: lost });
  });

  it("ten viewers from TRIM_HORIZON each get every record: the reader waits for them instead of dropping", async () => {
    const stream = STREAMS.catchup.name;
    const TOTAL = 3_000;
    const puts: Put[] = [];
    for (let batch = 0; batch < TOTAL / 500; batch++) {
      const out = await direct.send(
        new PutRecordsCommand({
          StreamName: stream,
          Records: Array.from({ length: 500 }, (_, i) => ({ PartitionKey: `tk-${batch}-${i}`, Data: new TextEncoder().encode(`{"n":${batch * 500 + i}}`) })),
        }),
      );
      expect(out.FailedRecordCount ?? 0).toBe(0);
      for (const r of out.Records ?? []) puts.push({ shardId: r.ShardId!, seq: r.SequenceNumber! });
    }
    // Small queues, so that each viewer takes the reader's batches in many parts.
    const viewers = await Promise.all(
      Array.from({ length: 10 }, async () => new Viewer(await openSession(stream, { from: "TRIM_HORIZON", queueRecords: 100 }))),
    );
    await waitFor("every viewer to receive every record", () => viewers.every((v) => v.records.length >= TOTAL), 60_000);
    for (const v of viewers) {
      expectExactly(v.records, puts);
      expect(v.dropped).toEqual([]);
    }
    // They opened together, so they share one reader (and its calls).
    expect(hub.snapshot().readers).toBe(1);
  });
});
