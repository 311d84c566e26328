// Checks the demo's local setup end to end: the kinesis-local launcher, the demo streams (shard
// counts, split lineage, tags) and the demo producer, read back with GetRecords.
import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  ListTagsForStreamCommand,
  type KinesisClient,
  type _Record,
} from "@aws-sdk/client-kinesis";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_STREAM_NAMES, type DemoStreamName } from "../lib/demo-data";
import { startDemoProducer } from "../lib/demo-producer";
import { ORDERS_SHARD_LEVEL_METRICS, PAYMENTS_RECORDS_BEFORE_SPLIT, PAYMENTS_SPLIT_HASH_KEY, createDemoStreams, listAllShards } from "../lib/demo-streams";
import { createScriptKinesisClient } from "../lib/kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "../lib/kinesis-local";

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function readWholeShard(client: KinesisClient, stream: string, shardId: string): Promise<_Record[]> {
  const records: _Record[] = [];
  let { ShardIterator: iterator } = await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }));
  // Stop at the tip (MillisBehindLatest 0, nothing returned) or at the end of a closed shard.
  while (iterator) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }));
    records.push(...(page.Records ?? []));
    if ((page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0) break;
    iterator = page.NextShardIterator;
  }
  return records;
}

async function readWholeStream(client: KinesisClient, stream: string): Promise<_Record[]> {
  const shards = await listAllShards(client, stream);
  const perShard = await Promise.all(shards.map((s) => readWholeShard(client, stream, s.ShardId!)));
  return perShard.flat();
}

describe("the shared kinesis-local of the integration run", () => {
  it("is provided to tests and answers on the SDK's own endpoint variable", async () => {
    const endpoint = inject("kinesisEndpoint");
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.AWS_ENDPOINT_URL_KINESIS).toBe(endpoint);
    const client = createScriptKinesisClient({ endpoint });
    try {
      const page = await client.send(new ListStreamsCommand({}));
      expect(page.StreamNames).toBeInstanceOf(Array);
    } finally {
      client.destroy();
    }
  });
});

describe("startKinesisLocal", () => {
  it("fails with a clear error when it cannot listen", async () => {
    // Holds the port and hangs up on whoever connects, like a stale process would not answer.
    const blocker = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, "0.0.0.0", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      await expect(startKinesisLocal({ port, startTimeoutMs: 8_000 })).rejects.toThrow(/port \d+: the port is in use/);
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe("demo streams and producer on a private kinesis-local", () => {
  let kinesis: KinesisLocal;
  let client: KinesisClient;

  beforeAll(async () => {
    // A private instance: the demo's fixed stream names must not collide with other tests.
    kinesis = await startKinesisLocal();
    client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  });

  afterAll(async () => {
    client?.destroy();
    await kinesis?.stop();
  });

  it("creates the four streams, and a second run changes nothing", async () => {
    const first = await createDemoStreams(client);
    expect([...first.created].sort()).toEqual([...DEMO_STREAM_NAMES].sort());
    const second = await createDemoStreams(client);
    expect(second.created).toEqual([]);
    expect([...second.existing].sort()).toEqual([...DEMO_STREAM_NAMES].sort());
    expect((await listAllShards(client, "payments")).length).toBe(3);
  });

  it("gives each stream its shard count and mode", async () => {
    const expected: Record<DemoStreamName, { open: number; mode: string }> = {
      orders: { open: 4, mode: "PROVISIONED" },
      clickstream: { open: 4, mode: "ON_DEMAND" },
      telemetry: { open: 2, mode: "PROVISIONED" },
      payments: { open: 2, mode: "PROVISIONED" },
    };
    for (const [name, { open, mode }] of Object.entries(expected)) {
      const { StreamDescriptionSummary: summary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
      expect(summary?.StreamStatus, name).toBe("ACTIVE");
      expect(summary?.OpenShardCount, name).toBe(open);
      expect(summary?.StreamModeDetails?.StreamMode, name).toBe(mode);
    }
  });

  it("splits payments into a closed parent with records and two open children", async () => {
    const shards = await listAllShards(client, "payments");
    const parents = shards.filter((s) => !s.ParentShardId);
    expect(parents).toHaveLength(1);
    const parent = parents[0]!;
    expect(parent.SequenceNumberRange?.EndingSequenceNumber).toBeDefined();

    const children = shards.filter((s) => s.ParentShardId === parent.ShardId);
    expect(children).toHaveLength(2);
    expect(children.every((c) => c.SequenceNumberRange?.EndingSequenceNumber === undefined)).toBe(true);
    const starts = children.map((c) => c.HashKeyRange?.StartingHashKey).sort((a, b) => (BigInt(a!) < BigInt(b!) ? -1 : 1));
    expect(starts).toEqual(["0", PAYMENTS_SPLIT_HASH_KEY]);

    const parentRecords = await readWholeShard(client, "payments", parent.ShardId!);
    expect(parentRecords).toHaveLength(PAYMENTS_RECORDS_BEFORE_SPLIT);
    expect(JSON.parse(new TextDecoder().decode(parentRecords[0]!.Data))).toHaveProperty("paymentId");
  });

  it("tags the streams and enables enhanced monitoring on orders", async () => {
    const { Tags: tags } = await client.send(new ListTagsForStreamCommand({ StreamName: "orders" }));
    expect(tags).toEqual(expect.arrayContaining([{ Key: "team", Value: "commerce" }]));
    const { StreamDescriptionSummary: summary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: "orders" }));
    expect(summary?.EnhancedMonitoring?.flatMap((m) => m.ShardLevelMetrics ?? [])).toEqual(expect.arrayContaining(ORDERS_SHARD_LEVEL_METRICS));
  });

  it("produces into every stream within a few seconds and stops cleanly", async () => {
    const producer = startDemoProducer(client, { ratePerSecond: 40, seed: 1, log: (line) => console.error(line) });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && DEMO_STREAM_NAMES.some((n) => producer.stats().perStream[n].sent < 3)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await producer.stop();
    const stats = producer.stats();
    expect(stats.inFlight).toBe(0);
    expect(stats.failed).toBe(0);
    for (const name of DEMO_STREAM_NAMES) expect(stats.perStream[name].sent, name).toBeGreaterThanOrEqual(3);

    // Nothing is sent after stop() resolved.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(producer.stats().sent).toBe(stats.sent);

    const read = Object.fromEntries(await Promise.all(DEMO_STREAM_NAMES.map(async (n) => [n, await readWholeStream(client, n)] as const))) as Record<
      DemoStreamName,
      _Record[]
    >;
    expect(read.orders).toHaveLength(stats.perStream.orders.sent);
    expect(read.clickstream).toHaveLength(stats.perStream.clickstream.sent);
    expect(read.telemetry).toHaveLength(stats.perStream.telemetry.sent);
    expect(read.payments).toHaveLength(stats.perStream.payments.sent + PAYMENTS_RECORDS_BEFORE_SPLIT);

    const order = JSON.parse(new TextDecoder().decode(read.orders[0]!.Data));
    expect(order).toMatchObject({ customerId: read.orders[0]!.PartitionKey });
  });

  it("stop() ends the process and can be called twice", async () => {
    const extra = await startKinesisLocal();
    expect(isAlive(extra.pid)).toBe(true);
    const started = Date.now();
    await extra.stop();
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(isAlive(extra.pid)).toBe(false);
    await extra.stop();
  });
});
