// The demo's CloudWatch end to end: moto started by the demo module, the producer's real puts
// published as AWS/Kinesis metrics (per stream, and per shard for orders), and the demo alarms,
// read back from moto with GetMetricData and DescribeAlarms; and the second region's: a kinesis-local
// playing eu-west-1 with its own streams, whose traffic's metrics land in moto's eu-west-1 only.
import { DescribeAlarmsCommand, GetMetricDataCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ALARMS, startDemoCloudWatch, type DemoCloudWatch } from "../lib/demo-cloudwatch";
import { startDemoProducer } from "../lib/demo-producer";
import { EU_DEMO_MIX, EU_REGION, ORDERS_SHARD_LEVEL_METRICS, createDemoStreams, createEuDemoStreams, listAllStreamNames } from "../lib/demo-streams";
import { createScriptKinesisClient } from "../lib/kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "../lib/kinesis-local";
import { createScriptCloudWatchClient } from "../lib/moto-server";

let kinesis: KinesisLocal;
let kinesisEu: KinesisLocal;
let client: KinesisClient;
let clientEu: KinesisClient;
let demo: DemoCloudWatch;
let cw: CloudWatchClient;
let cwEu: CloudWatchClient;

beforeAll(async () => {
  [kinesis, kinesisEu] = await Promise.all([startKinesisLocal(), startKinesisLocal({ region: EU_REGION })]);
  client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  clientEu = createScriptKinesisClient({ endpoint: kinesisEu.endpoint, region: EU_REGION });
  await Promise.all([createDemoStreams(client), createEuDemoStreams(clientEu)]);
  const started = await startDemoCloudWatch({
    shardLevel: { orders: ORDERS_SHARD_LEVEL_METRICS },
    regions: { [EU_REGION]: { orders: ORDERS_SHARD_LEVEL_METRICS } },
    flushMs: 60_000,
  });
  if (!started) throw new Error('moto is not installed: pip install "moto[server]"');
  demo = started;
  cw = createScriptCloudWatchClient(demo.endpoint);
  cwEu = createScriptCloudWatchClient(demo.endpoint, 3, EU_REGION);
});

afterAll(async () => {
  cw?.destroy();
  cwEu?.destroy();
  client?.destroy();
  clientEu?.destroy();
  await demo?.stop();
  await Promise.all([kinesis?.stop(), kinesisEu?.stop()]);
});

async function sum(metric: string, dimensions: Record<string, string>, start: number, client = cw): Promise<number> {
  const out = await client.send(
    new GetMetricDataCommand({
      StartTime: new Date(Math.floor(start / 60_000) * 60_000 - 60_000),
      EndTime: new Date(Date.now() + 120_000),
      MetricDataQueries: [
        {
          Id: "m",
          MetricStat: {
            Metric: { Namespace: "AWS/Kinesis", MetricName: metric, Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) },
            Period: 60,
            Stat: "Sum",
          },
        },
      ],
    }),
  );
  return (out.MetricDataResults?.[0]?.Values ?? []).reduce((a, b) => a + b, 0);
}

describe("the demo's CloudWatch", () => {
  it("publishes the metrics of the records the producer really wrote, per stream and per shard", async () => {
    const start = Date.now();
    const perShard = new Map<string, number>();
    const producer = startDemoProducer(client, {
      ratePerSecond: 40,
      seed: 7,
      onPut: (put) => {
        demo.record(put);
        if (put.ok && put.stream === "orders" && put.shardId) perShard.set(put.shardId, (perShard.get(put.shardId) ?? 0) + 1);
      },
    });
    await new Promise((r) => setTimeout(r, 2_500));
    await producer.stop();
    await demo.flush();
    const stats = producer.stats();
    expect(stats.perStream.orders.sent).toBeGreaterThan(5);

    expect(await sum("IncomingRecords", { StreamName: "orders" }, start)).toBe(stats.perStream.orders.sent);
    expect(await sum("IncomingBytes", { StreamName: "orders" }, start)).toBe(stats.perStream.orders.bytes);
    expect(await sum("IncomingRecords", { StreamName: "payments" }, start)).toBe(stats.perStream.payments.sent);
    expect(await sum("WriteProvisionedThroughputExceeded", { StreamName: "orders" }, start)).toBe(0);
    // orders has shard-level monitoring: each shard's count is what Kinesis said it put there.
    expect(perShard.size).toBeGreaterThan(1);
    for (const [shardId, count] of perShard) {
      expect(await sum("IncomingRecords", { StreamName: "orders", ShardId: shardId }, start), shardId).toBe(count);
    }
    // clickstream has none.
    expect(await sum("IncomingRecords", { StreamName: "clickstream", ShardId: "shardId-000000000000" }, start)).toBe(0);
  });

  it("has two demo alarms, one of them in ALARM", async () => {
    const out = await cw.send(new DescribeAlarmsCommand({}));
    const states = Object.fromEntries((out.MetricAlarms ?? []).map((a) => [a.AlarmName, a.StateValue]));
    expect(states).toEqual({ [DEMO_ALARMS.ordersRecords]: "ALARM", [DEMO_ALARMS.paymentsThrottling]: "OK" });
  });

  it("keeps the second region apart: its own streams in eu-west-1, its traffic's metrics in moto's eu-west-1 only", async () => {
    // kinesis-local serves each request in the region it is signed for.
    expect((await listAllStreamNames(clientEu)).sort()).toEqual(["invoices", "orders", "sensors"]);
    const euInUs = createScriptKinesisClient({ endpoint: kinesisEu.endpoint });
    try {
      expect(await listAllStreamNames(euInUs)).toEqual([]);
    } finally {
      euInUs.destroy();
    }

    const start = Date.now();
    const producer = startDemoProducer(clientEu, { mix: EU_DEMO_MIX, ratePerSecond: 40, seed: 9, onPut: demo.recorderFor(EU_REGION) });
    await new Promise((r) => setTimeout(r, 2_500));
    await producer.stop();
    await demo.flush();
    const stats = producer.stats();
    expect(stats.failed).toBe(0);
    expect(stats.perStream["invoices"]?.sent).toBeGreaterThan(0);
    for (const stream of ["orders", "invoices", "sensors"]) {
      expect(await sum("IncomingRecords", { StreamName: stream }, start, cwEu), stream).toBe(stats.perStream[stream]?.sent);
    }
    // us-east-1 never heard of invoices, and its orders count is only its own producer's.
    expect(await sum("IncomingRecords", { StreamName: "invoices" }, start, cw)).toBe(0);
    expect(() => demo.recorderFor("ap-south-1")).toThrow(/not started with region ap-south-1/);
  });
});
