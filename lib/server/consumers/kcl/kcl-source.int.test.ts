// KCL applications against the run's kinesis-local and moto's DynamoDB. The test plays the KCL:
// it reads records from kinesis-local and writes lease tables in each KCL shape (1.x, 2.x
// single-stream, 2.x multi-stream, 3.x with WorkerMetricStats and CoordinatorState) exactly as
// the KCL's serializers do, checkpointing only what it really read; then it asserts the rows.
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordCommand,
  SplitShardCommand,
  type KinesisClient,
  type _Record,
} from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ConsumerRow } from "@/lib/consumers/types";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient, LOCAL_CREDENTIALS, LOCAL_REGION } from "@/scripts/lib/kinesis-client";
import { scopeAt } from "@/scripts/testing/scope";
import { kinesisClient as kinesisClientOf } from "@/lib/server/aws/clients";
import { describeStream, forgetStream } from "@/lib/server/kinesis/streams";
import { tailHub } from "@/lib/server/tail/tail-service";
import type { Scope } from "@/lib/server/targets/scope";
import type { UsageTally } from "@/lib/server/consumers/source";
import { createLeaseTable as createLeaseTableIn, writeLeases as writeLeasesIn, type LeaseSpec } from "@/scripts/lib/kcl-lease-items";
import { kclConsumersAll, kclConsumersOf, type KclSettings } from "./kcl-source";
import { measureLag } from "./kcl-lag";
import { withLagHistory } from "../lag-history";
import { lagTrend } from "@/lib/consumers/lag-trend";

const prefix = `ss-kcl-${randomBytes(4).toString("hex")}`;
const MAX_HASH = "340282366920938463463374607431768211455";

let kinesis: KinesisClient;
let ddb: DynamoDBClient;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const BASE: KclSettings = {
  lagWarnMs: 60_000,
  lagCritMs: 300_000,
  stallMs: 60_000,
  expiryMarginMs: 2 * 3_600_000,
  refreshMs: 100,
  leaseExpiryMs: 60_000,
};

let scopes = 0;
const newScope = (): Promise<Scope> => scopeAt({ kinesis: inject("kinesisEndpoint"), dynamodb: inject("motoEndpoint") }, `kcl-${scopes++}`);
const usage = (): UsageTally => ({ kinesisCalls: 0, otherCalls: 0 });

async function createStream(name: string, shards: number): Promise<void> {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitUntilActive(kinesis, name);
}

async function putTo(stream: string, hashKey: string, n: number): Promise<string[]> {
  const seqs: string[] = [];
  for (let i = 0; i < n; i++) {
    const out = await kinesis.send(
      new PutRecordCommand({ StreamName: stream, PartitionKey: "pk", ExplicitHashKey: hashKey, Data: new TextEncoder().encode(`${stream}-${i}`) }),
    );
    seqs.push(out.SequenceNumber!);
  }
  return seqs;
}

/** What a KCL record processor would see: the shard's records from TRIM_HORIZON. */
async function readShard(stream: string, shardId: string): Promise<_Record[]> {
  const it = await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }));
  const out = await kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator, Limit: 10_000 }));
  return out.Records ?? [];
}

async function shardsOf(stream: string) {
  return (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
}

const createLeaseTable = (name: string, key?: string) => createLeaseTableIn(ddb, name, key);
const writeLeases = (table: string, leases: LeaseSpec[]) => writeLeasesIn(ddb, table, leases);

/** The lease renewer's update: leaseCounter + 1. */
async function renew(table: string, leaseKey: string): Promise<void> {
  await ddb.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { leaseKey: { S: leaseKey } },
      UpdateExpression: "ADD leaseCounter :one",
      ExpressionAttributeValues: { ":one": { N: "1" } },
    }),
  );
}

const shardId = (n: number) => `shardId-${String(n).padStart(12, "0")}`;
const byShard = (row: ConsumerRow | undefined, id: string) => row?.shards?.find((s) => s.shardId === id);

beforeAll(async () => {
  kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  ddb = new DynamoDBClient({ endpoint: inject("motoEndpoint"), region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
});

afterAll(() => {
  kinesis.destroy();
  ddb.destroy();
});

describe("KCL 2.x single-stream lease table, found by discovery and matched by its shards", () => {
  const stream = `${prefix}-two`;
  const app = `${prefix}-enricher`;
  let shard1Records: _Record[] = [];

  beforeAll(async () => {
    await createStream(stream, 2);
    const shards = await shardsOf(stream);
    await putTo(stream, shards[0]!.HashKeyRange!.StartingHashKey!, 3);
    await putTo(stream, shards[1]!.HashKeyRange!.StartingHashKey!, 6);
    const shard0Records = await readShard(stream, shardId(0));
    shard1Records = await readShard(stream, shardId(1));
    await createLeaseTable(app);
    // A table that is not a lease table (another key) is never an application.
    await createLeaseTable(`${prefix}-not-a-lease-table`, "id");
    await writeLeases(app, [
      // Caught up: checkpointed its last record.
      {
        leaseKey: shardId(0),
        owner: "w1",
        counter: 3,
        checkpoint: shard0Records.at(-1)!.SequenceNumber!,
        hashRange: { start: shards[0]!.HashKeyRange!.StartingHashKey!, end: shards[0]!.HashKeyRange!.EndingHashKey! },
      },
      // Behind: checkpointed the second of six records.
      {
        leaseKey: shardId(1),
        owner: "w2",
        counter: 4,
        checkpoint: shard1Records[1]!.SequenceNumber!,
        hashRange: { start: shards[1]!.HashKeyRange!.StartingHashKey!, end: shards[1]!.HashKeyRange!.EndingHashKey! },
      },
    ]);
  });

  it("shows the application with its lag measured from the next unprocessed record's age, on the right shard", async () => {
    await sleep(1_100);
    const scope = await newScope();
    const u = usage();
    const rows = await kclConsumersOf(scope, await describeStream(scope, stream), u, { ...BASE, lagWarnMs: 1_000 });
    const row = rows.find((r) => r.name === app);
    expect(rows.map((r) => r.name)).not.toContain(`${prefix}-not-a-lease-table`);
    expect(row).toMatchObject({
      id: `kcl:${app}`,
      kind: "kcl",
      state: "running",
      health: "warning",
      details: { leaseTable: app, association: "matched", tableShape: "single-stream" },
    });
    expect(byShard(row, shardId(0))).toMatchObject({ state: "caught up", lagMillis: 0, owner: "w1", leaseCounter: 3, health: "ok", reasons: [] });
    const behind = byShard(row, shardId(1));
    const next = shard1Records[2]!.ApproximateArrivalTimestamp!;
    expect(behind).toMatchObject({ state: "processing", owner: "w2", nextRecordAt: next.toISOString(), health: "warning" });
    expect(behind?.lagMillis).toBeGreaterThanOrEqual(Date.now() - next.getTime() - 2_000);
    expect(behind?.lagMillis).toBeGreaterThanOrEqual(1_000);
    expect(behind?.reasons[0]).toMatch(/^behind by \d+ s \(warning from 1 s\)$/);
    expect(row?.lag).toEqual({ maxMillis: behind?.lagMillis, shardId: shardId(1) });
    expect(row?.reasons[0]).toMatch(/^shardId-000000000001: behind by/);
    // One GetShardIterator + one GetRecords per application-shard with a sequence-number checkpoint.
    expect(u.kinesisCalls).toBe(4);
    expect(row?.workers).toEqual([
      { id: "w1", leases: 1 },
      { id: "w2", leases: 1 },
    ]);
  });

  it("shares measurements for the refresh interval, and says records are about to expire within the margin of retention", async () => {
    const scope = await newScope();
    const settings = { ...BASE, refreshMs: 60_000, expiryMarginMs: 24 * 3_600_000 - 1_000 };
    const first = usage();
    const [row] = (await kclConsumersOf(scope, await describeStream(scope, stream), first, settings)).filter((r) => r.name === app);
    expect(byShard(row, shardId(1))?.reasons).toContainEqual(
      expect.stringMatching(/^records about to expire: the next unprocessed record is \d+ s old and the stream keeps records 24 h$/),
    );
    expect(row?.health).toBe("critical");
    const again = usage();
    await kclConsumersOf(scope, await describeStream(scope, stream), again, settings);
    expect(first.kinesisCalls).toBe(4);
    expect(again).toEqual({ kinesisCalls: 0, otherCalls: 0 });
  });

  it("keeps a history of the lag it measured, one sample per measurement, growing while the application reads nothing", async () => {
    const scope = await newScope();
    const settings = { ...BASE, refreshMs: 1 };
    const sampled: ConsumerRow[] = [];
    for (let i = 0; i < 3; i++) {
      if (i) await sleep(1_100);
      const rows = (await kclConsumersOf(scope, await describeStream(scope, stream), usage(), settings)).filter((r) => r.name === app);
      sampled.push(...withLagHistory(scope, () => stream, rows));
    }
    const history = sampled.at(-1)!.lagHistory!;
    expect(history.source).toBe("shardscope");
    expect(history.points.map((p) => p.at)).toEqual(sampled.map((r) => r.fetchedAt));
    expect(history.points.map((p) => p.lagMillis)).toEqual(sampled.map((r) => r.lag!.maxMillis));
    // Nothing reads the shard: the next record only gets older, a second a second.
    const lags = history.points.map((p) => p.lagMillis);
    expect(lags[2]! - lags[0]!).toBeGreaterThanOrEqual(2_000);
    expect(lagTrend(history.points.map((p) => ({ at: Date.parse(p.at), lagMillis: p.lagMillis }))).direction).toBe("growing");
    // Another scope keeps its own.
    const other = await newScope();
    const [fresh] = withLagHistory(other, () => stream, [sampled[0]!]);
    expect(fresh!.lagHistory!.points).toHaveLength(1);
  });

  it("lists it in the scope-wide list with its stream, and never the KCL 3.x companion tables", async () => {
    const scope = await newScope();
    const rows = await kclConsumersAll(scope, usage(), BASE);
    expect(rows.filter((r) => r.name === app).map((r) => r.stream)).toEqual([stream]);
    expect(rows.some((r) => r.name.endsWith("-WorkerMetricStats") || r.name.endsWith("-CoordinatorState"))).toBe(false);
  });
});

describe("KCL 1.x lease table named in settings (discovery off, stream pinned)", () => {
  const stream = `${prefix}-five`;
  const app = `${prefix}-legacy`;

  beforeAll(async () => {
    await createStream(stream, 5);
    await createLeaseTable(app);
    // KinesisClientLeaseSerializer (1.x): no hash key range, no child shards.
    await writeLeases(app, [
      { leaseKey: shardId(0), owner: "w1", counter: 10, checkpoint: "TRIM_HORIZON" },
      { leaseKey: shardId(1), owner: "w1", counter: 10, checkpoint: "TRIM_HORIZON" },
      { leaseKey: shardId(2), owner: "w1", counter: 10, checkpoint: "LATEST" },
      { leaseKey: shardId(3), owner: "w2", counter: 20, checkpoint: "TRIM_HORIZON", ownerSwitches: 2 },
      { leaseKey: shardId(4), counter: 1, checkpoint: "TRIM_HORIZON" },
    ]);
  });

  it("shows an unowned lease, unbalanced workers, and an expired owner while the other keeps renewing", async () => {
    const scope = await newScope();
    const settings: KclSettings = { ...BASE, leaseTables: [{ table: app, stream }], leaseExpiryMs: 1_200 };
    const summary = await describeStream(scope, stream);
    const [first] = await kclConsumersOf(scope, summary, usage(), settings);
    expect(first).toMatchObject({ name: app, details: { association: "pinned", kclVersion: "1.x/2.x" } });
    expect(first?.reasons).toContain("unbalanced workers: w1 holds 3 leases and w2 holds 1");
    expect(byShard(first, shardId(4))).toMatchObject({ state: "unowned", health: "warning", reasons: ["unowned lease: no worker processes this shard"] });
    expect(byShard(first, shardId(3))).toMatchObject({ state: "not started (TRIM_HORIZON)", ownerSwitchesSinceCheckpoint: 2, health: "ok" });

    // w1's renewer keeps bumping its counters; w2 is gone.
    for (let i = 0; i < 4; i++) {
      await sleep(400);
      for (const n of [0, 1, 2]) await renew(app, shardId(n));
    }
    const [later] = await kclConsumersOf(scope, summary, usage(), settings);
    expect(byShard(later, shardId(0))?.reasons).toEqual([]);
    expect(byShard(later, shardId(3))?.reasons).toEqual([
      expect.stringMatching(/^expired owner: w2 has not renewed its lease for \d+ s \(lease counter unchanged\)$/),
    ]);
    expect(later?.health).toBe("warning");
  });
});

describe("KCL 2.x multi-stream lease table", () => {
  const b = `${prefix}-multi-b`;
  const c = `${prefix}-multi-c`;
  const app = `${prefix}-multi`;

  beforeAll(async () => {
    await Promise.all([createStream(b, 1), createStream(c, 1)]);
    await putTo(b, "0", 5);
    await putTo(c, "0", 2);
    const [recordsB, recordsC] = await Promise.all([readShard(b, shardId(0)), readShard(c, shardId(0))]);
    const scope = await newScope();
    const idOf = async (name: string) => {
      const s = await describeStream(scope, name);
      return `${s.arn.split(":")[4]}:${name}:${Math.floor(Date.parse(s.createdAt) / 1000)}`;
    };
    const [idB, idC] = await Promise.all([idOf(b), idOf(c)]);
    await createLeaseTable(app);
    await writeLeases(app, [
      // Stalled on b: checkpointed the second record and stays there.
      { leaseKey: `${idB}:${shardId(0)}`, streamIdentifier: idB, shardId: shardId(0), owner: "w1", counter: 5, checkpoint: recordsB[1]!.SequenceNumber! },
      { leaseKey: `${idC}:${shardId(0)}`, streamIdentifier: idC, shardId: shardId(0), owner: "w1", counter: 5, checkpoint: recordsC.at(-1)!.SequenceNumber! },
    ]);
  });

  it("gives one row per stream the table serves, and says b is stalled: checkpoint unchanged although records follow", async () => {
    const scope = await newScope();
    const settings = { ...BASE, stallMs: 1_000 };
    const rowB = async () => (await kclConsumersOf(scope, await describeStream(scope, b), usage(), settings)).find((r) => r.name === app);
    expect(await rowB()).toMatchObject({ id: `kcl:${app}/${b}`, health: "ok", details: { tableShape: "multi-stream" } });
    await sleep(1_200);
    const stalled = await rowB();
    expect(stalled?.shards).toHaveLength(1);
    expect(stalled?.health).toBe("critical");
    expect(byShard(stalled, shardId(0))?.reasons).toEqual([expect.stringMatching(/^stalled: checkpoint unchanged for \d+ s although records follow it$/)]);
    const rowC = (await kclConsumersOf(scope, await describeStream(scope, c), usage(), settings)).find((r) => r.name === app);
    expect(rowC).toMatchObject({ id: `kcl:${app}/${c}`, health: "ok", lag: { maxMillis: 0, shardId: shardId(0) } });
    expect(byShard(rowC, shardId(0))?.state).toBe("caught up");
  });

  it("keeps listing the others when a stream it names is deleted, from the cached list and from a fresh one", async () => {
    const scope = await newScope();
    expect((await kclConsumersAll(scope, usage(), BASE)).filter((r) => r.name === app).map((r) => r.stream)).toEqual([b, c]);
    await kinesis.send(new DeleteStreamCommand({ StreamName: b }));
    const settings = { ...BASE, refreshMs: 1 };
    const streamsOf = async () => (await kclConsumersAll(scope, usage(), settings)).filter((r) => r.name === app).map((r) => r.stream);
    expect(await streamsOf()).toContain(c);
    // Listed again from Kinesis: b may linger while DELETING; c must be there either way.
    forgetStream(scope, b);
    expect(await streamsOf()).toContain(c);
  });
});

describe("KCL 3.x lease table with WorkerMetricStats and CoordinatorState", () => {
  const stream = `${prefix}-three`;
  const app = `${prefix}-v3`;

  beforeAll(async () => {
    await createStream(stream, 2);
    const shards = await shardsOf(stream);
    await putTo(stream, shards[0]!.HashKeyRange!.StartingHashKey!, 2);
    const records = await readShard(stream, shardId(0));
    await createLeaseTable(app);
    await writeLeases(app, [
      {
        leaseKey: shardId(0),
        owner: "worker-a",
        counter: 2,
        checkpoint: records.at(-1)!.SequenceNumber!,
        throughputKBps: 12.5,
        entityType: true,
        hashRange: { start: "0", end: shards[0]!.HashKeyRange!.EndingHashKey! },
      },
      {
        leaseKey: shardId(1),
        owner: "worker-b",
        counter: 2,
        checkpoint: "TRIM_HORIZON",
        throughputKBps: 0,
        entityType: true,
        hashRange: { start: shards[1]!.HashKeyRange!.StartingHashKey!, end: MAX_HASH },
      },
    ]);
    // WorkerMetricStats (KCL 3.0–3.4): key `wid`, `lut` epoch seconds, `sts` the last values per metric, `opr` the operating range.
    await createLeaseTable(`${app}-WorkerMetricStats`, "wid");
    const lut = String(Math.floor(Date.now() / 1000));
    for (const [wid, cpu] of [
      ["worker-a", 90],
      ["worker-b", 15],
    ] as const) {
      await ddb.send(
        new PutItemCommand({
          TableName: `${app}-WorkerMetricStats`,
          Item: {
            wid: { S: wid },
            lut: { N: lut },
            sts: { M: { CPU: { L: [{ N: String(cpu) }, { N: String(cpu) }] } } },
            opr: { M: { CPU: { L: [{ N: "100" }] } } },
          },
        }),
      );
    }
    // CoordinatorState: the leader lock of amazon-dynamodb-lock-client under key "Leader".
    await createLeaseTable(`${app}-CoordinatorState`, "key");
    await ddb.send(
      new PutItemCommand({
        TableName: `${app}-CoordinatorState`,
        Item: { key: { S: "Leader" }, ownerName: { S: "worker-a" }, leaseDuration: { S: "20000" }, recordVersionNumber: { S: "rvn-1" } },
      }),
    );
  });

  it("shows workers with their utilisation and the leader, throughput per lease, and utilisation imbalance", async () => {
    const scope = await newScope();
    const [row] = (await kclConsumersOf(scope, await describeStream(scope, stream), usage(), BASE)).filter((r) => r.name === app);
    expect(row?.details).toMatchObject({ kclVersion: "3.x", leader: "worker-a" });
    expect(row?.workers).toEqual([
      { id: "worker-a", leases: 1, utilisation: { CPU: 90 }, leader: true, lastUpdate: expect.any(String) },
      { id: "worker-b", leases: 1, utilisation: { CPU: 15 }, lastUpdate: expect.any(String) },
    ]);
    expect(byShard(row, shardId(0))).toMatchObject({ throughputKBps: 12.5, state: "caught up" });
    expect(row?.reasons[0]).toBe("unbalanced workers: CPU 90% on worker-a and 15% on worker-b (fleet average 53%)");
    expect(row?.health).toBe("warning");
  });
});

describe("records already lost: a checkpoint from a stream since deleted and recreated", () => {
  const stream = `${prefix}-recreated`;
  const app = `${prefix}-lost`;

  beforeAll(async () => {
    await createStream(stream, 1);
    await putTo(stream, "0", 3);
    const old = await readShard(stream, shardId(0));
    await kinesis.send(new DeleteStreamCommand({ StreamName: stream }));
    for (
      let i = 0;
      i < 50 &&
      (await kinesis.send(new ListShardsCommand({ StreamName: stream })).then(
        () => true,
        () => false,
      ));
      i++
    )
      await sleep(200);
    await createStream(stream, 1);
    await putTo(stream, "0", 2);
    await createLeaseTable(app);
    await writeLeases(app, [{ leaseKey: shardId(0), owner: "w1", counter: 1, checkpoint: old[1]!.SequenceNumber! }]);
  });

  it("is critical: Kinesis refuses the checkpoint", async () => {
    const scope = await newScope();
    const [row] = await kclConsumersOf(scope, await describeStream(scope, stream), usage(), { ...BASE, leaseTables: [{ table: app, stream }] });
    expect(row?.health).toBe("critical");
    expect(byShard(row, shardId(0))).toMatchObject({ state: "records lost", health: "critical" });
    expect(byShard(row, shardId(0))?.reasons[0]).toMatch(/^records already lost: /);
  });
});

describe("blocked after a reshard: children wait on a parent that never reaches SHARD_END", () => {
  const stream = `${prefix}-split`;
  const app = `${prefix}-resharded`;

  beforeAll(async () => {
    await createStream(stream, 1);
    await putTo(stream, "0", 4);
    const records = await readShard(stream, shardId(0));
    await kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: shardId(0), NewStartingHashKey: (BigInt(MAX_HASH) / 2n).toString() }));
    await waitUntilActive(kinesis, stream);
    const shards = await shardsOf(stream);
    const children = shards.filter((s) => s.ParentShardId === shardId(0));
    expect(children).toHaveLength(2);
    await createLeaseTable(app);
    await writeLeases(app, [
      // The parent's worker stopped mid-shard: its checkpoint never reaches SHARD_END.
      {
        leaseKey: shardId(0),
        owner: "w1",
        counter: 7,
        checkpoint: records[1]!.SequenceNumber!,
        children: children.map((s) => s.ShardId!),
        hashRange: { start: "0", end: MAX_HASH },
      },
      ...children.map((s) => ({
        leaseKey: s.ShardId!,
        counter: 0,
        checkpoint: "TRIM_HORIZON",
        parents: [shardId(0)],
        hashRange: { start: s.HashKeyRange!.StartingHashKey!, end: s.HashKeyRange!.EndingHashKey! },
      })),
    ]);
  });

  it("says the children are blocked once the parent stalls", async () => {
    const scope = await newScope();
    const settings = { ...BASE, stallMs: 1_000, leaseTables: [{ table: app, stream }] };
    const summary = await describeStream(scope, stream);
    const [first] = await kclConsumersOf(scope, summary, usage(), settings);
    expect(byShard(first, shardId(1))).toMatchObject({ state: "waiting for parent", health: "ok", parentShardIds: [shardId(0)] });
    await sleep(1_200);
    const [later] = await kclConsumersOf(scope, summary, usage(), settings);
    expect(byShard(later, shardId(0))?.reasons).toEqual([expect.stringMatching(/^stalled: /)]);
    for (const child of [shardId(1), shardId(2)]) {
      expect(byShard(later, child)).toMatchObject({
        state: "waiting for parent",
        health: "critical",
        reasons: [`blocked after reshard: waiting for parent ${shardId(0)}, which has not reached SHARD_END (stalled)`],
      });
    }
  });
});

describe("lag calls come out of the tail's shard budget", () => {
  const stream = `${prefix}-budget`;
  let seqs: string[] = [];

  beforeAll(async () => {
    await createStream(stream, 1);
    seqs = await putTo(stream, "0", 12);
  });

  it("a tail reader and lag measurement together never exceed the shard's hard cap", async () => {
    const scope = await newScope();
    const hub = tailHub(scope);
    const starts: number[] = [];
    // Every GetRecords and lag GetShardIterator of this shard, as it leaves the app.
    kinesisClientOf(scope).middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { StreamName?: string; ShardIteratorType?: string };
        if (
          context.commandName === "GetRecordsCommand" ||
          (context.commandName === "GetShardIteratorCommand" && input.StreamName === stream && input.ShardIteratorType === "AFTER_SEQUENCE_NUMBER")
        ) {
          starts.push(Date.now());
        }
        return next(args);
      },
      { step: "initialize", name: "countShardCalls" },
    );
    const reader = hub.reader(stream, shardId(0), { type: "TRIM_HORIZON" });
    const unsubscribe = reader.subscribe(() => {});
    const u = usage();
    // Ten distinct checkpoints: twenty calls, all at once.
    const results = await measureLag(
      scope,
      stream,
      seqs.slice(0, 10).map((checkpoint) => ({ shardId: shardId(0), checkpoint })),
      { refreshMs: 60_000, concurrency: 10 },
      u,
    );
    const budgetCalls = hub.snapshot().calls[`${stream}/${shardId(0)}`];
    unsubscribe();
    reader.stop();
    const max = Math.max(...starts.map((t) => starts.filter((s) => s >= t && s < t + 1_000).length));
    expect(max).toBeLessThanOrEqual(5);
    expect(u.kinesisCalls).toBe(20);
    expect([...results.values()].every((m) => m.kind === "measured" && m.next !== undefined)).toBe(true);
    // The budget counted the lag calls besides the reader's own GetRecords.
    expect(budgetCalls).toBeGreaterThan(20);
  });
});

describe("when DynamoDB cannot be read", () => {
  const stream = `${prefix}-unread`;
  beforeAll(() => createStream(stream, 1));

  it("a configured table that does not exist shows as unreadable on its pinned stream", async () => {
    const scope = await newScope();
    const rows = await kclConsumersOf(scope, await describeStream(scope, stream), usage(), { ...BASE, leaseTables: [{ table: `${prefix}-missing`, stream }] });
    expect(rows).toEqual([expect.objectContaining({ name: `${prefix}-missing`, state: "unreadable", health: "unknown", lag: null })]);
    expect(rows[0]?.reasons[0]).toMatch(/not found|does not exist|Requested resource/i);
  });

  it("the source fails as a whole, with a message naming DynamoDB, when its endpoint does not answer", async () => {
    const scope = await scopeAt({ kinesis: inject("kinesisEndpoint"), dynamodb: "http://127.0.0.1:9" }, "kcl-no-dynamodb");
    const summary = await describeStream(scope, stream);
    await expect(kclConsumersOf(scope, summary, usage(), BASE)).rejects.toThrow(/DynamoDB/);
  });
});
