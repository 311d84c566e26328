// The wall's worst consumer, against kinesis-local and moto's DynamoDB: the test plays a KCL
// application that read a stream and checkpointed part of what it read (a lease table in the
// KCL's format), and asserts the tile names it with its lag and turns critical; a scope whose
// consumer sources cannot be reached still gets its tiles, without a consumer.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordCommand,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as monitorRoute } from "@/app/api/t/[target]/[region]/monitor/route";
import type { MonitorResponse } from "@/lib/metrics/types";
import { monitorResponseSchema } from "@/lib/http/schemas";
import { forgetAppState } from "@/scripts/testing/app-state";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient, LOCAL_CREDENTIALS, LOCAL_REGION } from "@/scripts/lib/kinesis-client";
import { createLeaseTable, writeLeases } from "@/scripts/lib/kcl-lease-items";
import { scopeAt, scopeCtx } from "@/scripts/testing/scope";
import { getMonitor } from "./monitor";

const prefix = `ss-wall-${randomBytes(4).toString("hex")}`;
const behind = `${prefix}-behind`;
const quiet = `${prefix}-quiet`;
const app = `${prefix}-enricher`;
const SETTINGS = {
  // Pinned, so discovery is off and the wall reads exactly this application.
  SHARDSCOPE_KCL_LEASE_TABLES: `${app}=${behind}`,
  SHARDSCOPE_CONSUMER_LAG_WARN_SECONDS: "1",
  SHARDSCOPE_CONSUMER_LAG_CRIT_SECONDS: "2",
};

let kinesis: KinesisClient;
let ddb: DynamoDBClient;
let nextArrival: Date;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function monitor(query: string): Promise<{ status: number; body: MonitorResponse }> {
  const res = await monitorRoute(new Request(`http://localhost/api/monitor${query}`), scopeCtx());
  return { status: res.status, body: (await res.json()) as MonitorResponse };
}

beforeAll(async () => {
  Object.assign(process.env, SETTINGS);
  forgetAppState();
  kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  ddb = new DynamoDBClient({ endpoint: inject("motoEndpoint"), region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
  for (const name of [behind, quiet]) {
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    await waitUntilActive(kinesis, name);
  }
  for (let i = 0; i < 4; i++) await kinesis.send(new PutRecordCommand({ StreamName: behind, PartitionKey: "k", Data: new TextEncoder().encode(`r${i}`) }));
  // The application reads the shard and checkpoints the second record only: two are left to process.
  const [shard] = (await kinesis.send(new ListShardsCommand({ StreamName: behind }))).Shards ?? [];
  const it = await kinesis.send(new GetShardIteratorCommand({ StreamName: behind, ShardId: shard!.ShardId, ShardIteratorType: "TRIM_HORIZON" }));
  const records = (await kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }))).Records ?? [];
  expect(records).toHaveLength(4);
  nextArrival = records[2]!.ApproximateArrivalTimestamp!;
  await createLeaseTable(ddb, app);
  await writeLeases(ddb, app, [
    {
      leaseKey: shard!.ShardId!,
      owner: "worker-1",
      counter: 7,
      checkpoint: records[1]!.SequenceNumber!,
      hashRange: { start: shard!.HashKeyRange!.StartingHashKey!, end: shard!.HashKeyRange!.EndingHashKey! },
    },
  ]);
  // Past the critical 2 s: the next unprocessed record is older than that when the wall looks.
  await sleep(2_500);
});

afterAll(() => {
  for (const k of Object.keys(SETTINGS)) delete process.env[k];
  forgetAppState();
  kinesis.destroy();
  ddb.destroy();
});

describe("the wall's worst consumer", () => {
  it("names each stream's worst consumer with its lag, and a critical one makes the tile critical", async () => {
    const { status, body } = await monitor(`?streams=${behind},${quiet}&range=15m`);
    expect(status).toBe(200);
    expect(monitorResponseSchema.safeParse(body).success).toBe(true);
    const tile = body.tiles.find((t) => t.stream === behind)!;
    expect(tile.worstConsumer).toMatchObject({ name: app, kind: "kcl", health: "critical" });
    expect(tile.worstConsumer!.lagMillis).toBeGreaterThanOrEqual(Date.now() - nextArrival.getTime() - 5_000);
    expect(tile.worstConsumer!.lagMillis).toBeGreaterThanOrEqual(2_000);
    expect(tile.health.state).toBe("critical");
    expect(tile.health.reasons).toContainEqual(expect.stringMatching(new RegExp(`^consumer ${app} is critical: .*behind by`)));
    // Critical tiles come first.
    expect(body.tiles[0]!.stream).toBe(behind);
    const other = body.tiles.find((t) => t.stream === quiet)!;
    expect(other.worstConsumer).toBeUndefined();
    expect(other.health.state).not.toBe("critical");
  });

  it("stands when the consumer sources cannot be reached: the tile is read, and an unreadable consumer never raises it", async () => {
    const dead = "http://127.0.0.1:9";
    const scope = await scopeAt(
      { kinesis: inject("kinesisEndpoint"), cloudwatch: inject("motoEndpoint"), sts: inject("motoEndpoint"), dynamodb: dead, lambda: dead, firehose: dead },
      "wall-without-consumers",
    );
    const body = await getMonitor(scope, { streams: [{ stream: behind }], range: "15m", thresholds: {} });
    const tile = body.tiles.find((t) => t.stream === behind)!;
    expect(tile.error).toBeUndefined();
    expect(tile.openShardCount).toBe(1);
    // The pinned lease table could not be read: at most an "unknown" consumer saying why, never a critical tile.
    expect(tile.worstConsumer).toMatchObject({ name: app, health: "unknown", lagMillis: null });
    expect(tile.health.state).not.toBe("critical");
    expect(tile.health.reasons.some((r) => r.startsWith("consumer "))).toBe(false);
  });
});
