// The demo's consumers do what the demo promises, as the app sees them through its route: the
// demo's own code (scripts/lib/demo-consumers.ts) reads the demo streams of a kinesis-local under
// demo traffic and keeps its state in a moto started as the demo starts it (playing
// kinesis-local's account), for a few seconds with short settings:
// orders-enricher lags on the hot shard and keeps up on the others, payments-audit becomes
// stalled, the Lambda mapping reports its error, the Firehose delivery stream names its bucket.
//
// Its own kinesis-local and moto: the demo's names (orders-enricher, clickstream…) in the run's
// shared account would change what the other consumers tests count.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getStreamConsumers } from "@/app/api/t/[target]/[region]/streams/[name]/consumers/route";
import type { ConsumerRow, StreamConsumersResponse } from "@/lib/consumers/types";
import { DEMO_CONSUMER_NAMES, DEMO_MAPPING_FAILURE, demoLeaseTablesSetting, startDemoConsumers, type DemoConsumers } from "@/scripts/lib/demo-consumers";
import { startDemoProducer, type DemoProducer } from "@/scripts/lib/demo-producer";
import { createDemoStreams } from "@/scripts/lib/demo-streams";
import { LOCAL_TARGET, demoTargets, writeTargetsFile } from "@/scripts/lib/demo-targets";
import { createScriptKinesisClient, LOCAL_REGION } from "@/scripts/lib/kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "@/scripts/lib/kinesis-local";
import { KINESIS_LOCAL_ACCOUNT } from "@/scripts/lib/moto-aws";
import { startMotoServer, type MotoServer } from "@/scripts/lib/moto-server";
import { forgetAppState } from "@/scripts/testing/app-state";
import { streamCtx } from "@/scripts/testing/scope";

const SETTINGS = {
  SHARDSCOPE_CONSUMERS_REFRESH_SECONDS: "1",
  SHARDSCOPE_CONSUMER_STALL_SECONDS: "2",
  SHARDSCOPE_CONSUMER_LAG_WARN_SECONDS: "3",
};
const saved = Object.fromEntries(["SHARDSCOPE_TARGETS_FILE", "SHARDSCOPE_KCL_LEASE_TABLES", ...Object.keys(SETTINGS)].map((k) => [k, process.env[k]]));
const LOCAL = { target: LOCAL_TARGET, region: LOCAL_REGION };

let kinesis: KinesisLocal | undefined;
let moto: MotoServer | undefined;
let client: ReturnType<typeof createScriptKinesisClient> | undefined;
let producer: DemoProducer | undefined;
let consumers: DemoConsumers | undefined;
let dir: string | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function consumersOf(stream: string): Promise<StreamConsumersResponse> {
  const res = await getStreamConsumers(new Request("http://localhost/x"), streamCtx(stream, LOCAL));
  expect(res.status).toBe(200);
  return (await res.json()) as StreamConsumersResponse;
}

/** Asks the route until `found` gives a row (the app refreshes every second here). */
async function eventually(stream: string, found: (rows: ConsumerRow[]) => ConsumerRow | undefined, timeoutMs = 40_000): Promise<ConsumerRow> {
  const deadline = Date.now() + timeoutMs;
  let last: StreamConsumersResponse | undefined;
  while (Date.now() < deadline) {
    last = await consumersOf(stream);
    const row = found(last.consumers);
    if (row) return row;
    await sleep(1_100);
  }
  throw new Error(`not found in time; last answer: ${JSON.stringify(last, null, 1).slice(0, 3_000)}`);
}

beforeAll(async () => {
  const [k, m] = await Promise.allSettled([startKinesisLocal(), startMotoServer({ accountId: KINESIS_LOCAL_ACCOUNT })]);
  kinesis = k.status === "fulfilled" ? k.value : undefined;
  moto = m.status === "fulfilled" ? m.value : undefined;
  if (!kinesis || !moto) throw ([k, m].find((r) => r.status === "rejected") as PromiseRejectedResult).reason;
  client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  await createDemoStreams(client);
  // Twice the demo's rate, so that the hot shard outruns the enricher within seconds.
  producer = startDemoProducer(client, { ratePerSecond: 40, seed: 11, log: () => {} });
  await sleep(1_500);
  consumers = await startDemoConsumers({
    kinesis: client,
    motoEndpoint: moto.endpoint,
    ordersRatePerShard: 3,
    paymentsStallAfterMs: 4_000,
    tickMs: 500,
    renewMs: 1_000,
  });

  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-demo-consumers-"));
  const file = writeTargetsFile(
    path.join(dir, "targets.json"),
    demoTargets({ kinesis: kinesis.endpoint, kinesisEu: inject("kinesisEndpointEu"), cloudwatch: moto.endpoint, consumers: moto.endpoint }),
  );
  process.env.SHARDSCOPE_TARGETS_FILE = file;
  // As the demo configures the app (see demoLeaseTablesSetting for why the tables are pinned).
  Object.assign(process.env, SETTINGS, { SHARDSCOPE_KCL_LEASE_TABLES: demoLeaseTablesSetting(consumers) });
  forgetAppState();
});

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  forgetAppState();
  await consumers?.stop();
  await producer?.stop();
  client?.destroy();
  await Promise.all([kinesis?.stop(), moto?.stop()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the demo's consumers, as the app shows them", () => {
  it("orders-enricher (KCL 3.x, two workers) falls behind on the hot shard and keeps up on the others", async () => {
    const hot = consumers!.hotShard;
    const row = await eventually("orders", (rows) => {
      const r = rows.find((c) => c.name === DEMO_CONSUMER_NAMES.enricher);
      // The leader shows once it has taken its lock in CoordinatorState (at its first renewal).
      return r?.lag?.shardId === hot && r.lag.maxMillis >= 4_000 && r.workers?.some((w) => w.leader) ? r : undefined;
    });
    expect(row).toMatchObject({
      kind: "kcl",
      state: "running",
      details: { kclVersion: "3.x", leaseTable: DEMO_CONSUMER_NAMES.enricher, association: "pinned" },
    });
    expect(row.health).not.toBe("ok");
    expect(row.reasons.some((r) => r.startsWith(`${hot}: behind by`))).toBe(true);
    expect(row.workers?.map((w) => [w.id, w.leases, w.leader ?? false])).toEqual([
      ["enricher-worker-1", 2, true],
      ["enricher-worker-2", 2, false],
    ]);
    expect(row.shards).toHaveLength(4);
    for (const shard of row.shards!) {
      // Checkpoints are records it read: sequence numbers, never a sentinel once traffic flowed.
      expect(shard.checkpoint).toMatch(/^\d+$/);
      if (shard.shardId !== hot) expect(shard.lagMillis ?? 0).toBeLessThan(row.lag!.maxMillis / 2);
    }
    // What it processed is what it checkpointed: the hot shard has the most behind it.
    const processed = consumers!.stats()[DEMO_CONSUMER_NAMES.enricher]!;
    expect(Object.keys(processed).sort()).toEqual(row.shards!.map((s) => s.shardId).sort());
  });

  it("orders-enricher's lease counters keep moving (renewed), so no lease is expired", async () => {
    const counters = async () => {
      const r = (await consumersOf("orders")).consumers.find((c) => c.name === DEMO_CONSUMER_NAMES.enricher)!;
      return Object.fromEntries(r.shards!.map((s) => [s.shardId, s.leaseCounter ?? 0]));
    };
    const before = await counters();
    await sleep(2_500);
    const after = await counters();
    for (const [shard, n] of Object.entries(before)) expect(after[shard]).toBeGreaterThan(n);
  });

  it("payments-audit becomes stalled: its checkpoint stops while records follow", async () => {
    const row = await eventually("payments", (rows) => {
      const r = rows.find((c) => c.name === DEMO_CONSUMER_NAMES.audit);
      return r?.shards?.some((s) => s.reasons.some((why) => why.startsWith("stalled:"))) ? r : undefined;
    });
    expect(row).toMatchObject({ kind: "kcl", health: "critical", state: "running" });
    // The closed parent was read to its end before the children, as the KCL does.
    const parent = row.shards!.find((s) => s.shardId === "shardId-000000000000");
    expect(parent?.checkpoint).toBe("SHARD_END");
    expect(row.reasons.some((r) => /stalled: checkpoint unchanged for \d+ s although records follow it/.test(r))).toBe(true);
  });

  it("the Lambda mapping on clickstream reports its last processing result, an error", async () => {
    const { consumers: rows, sources } = await consumersOf("clickstream");
    expect(sources.find((s) => s.kind === "lambda")).toEqual({ kind: "lambda", ok: true });
    const row = rows.find((c) => c.kind === "lambda");
    expect(row).toMatchObject({
      name: DEMO_CONSUMER_NAMES.lambda,
      state: "Enabled",
      health: "critical",
      details: { lastProcessingResult: DEMO_MAPPING_FAILURE, eventSourceArn: `arn:aws:kinesis:${LOCAL_REGION}:${KINESIS_LOCAL_ACCOUNT}:stream/clickstream` },
    });
    expect(row?.reasons).toContain(`last processing result: "${DEMO_MAPPING_FAILURE}"`);
  });

  it("the Firehose delivery stream from telemetry names its S3 destination", async () => {
    const { consumers: rows } = await consumersOf("telemetry");
    expect(rows.find((c) => c.kind === "firehose")).toMatchObject({
      name: DEMO_CONSUMER_NAMES.firehose,
      state: "ACTIVE",
      details: { destination: `S3 bucket ${DEMO_CONSUMER_NAMES.bucket}` },
    });
  });
});
