// The demo's CloudWatch end to end: moto started by the demo module, the producer's real puts
// published as AWS/Kinesis metrics (per stream, and per shard for orders), and the demo alarms,
// read back from moto with GetMetricData and DescribeAlarms.
import { DescribeAlarmsCommand, GetMetricDataCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ALARMS, startDemoCloudWatch, type DemoCloudWatch } from "../lib/demo-cloudwatch";
import { startDemoProducer } from "../lib/demo-producer";
import { ORDERS_SHARD_LEVEL_METRICS, createDemoStreams } from "../lib/demo-streams";
import { createScriptKinesisClient } from "../lib/kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "../lib/kinesis-local";
import { createScriptCloudWatchClient } from "../lib/moto-server";

let kinesis: KinesisLocal;
let client: KinesisClient;
let demo: DemoCloudWatch;
let cw: CloudWatchClient;

beforeAll(async () => {
  kinesis = await startKinesisLocal();
  client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  await createDemoStreams(client);
  const started = await startDemoCloudWatch({ shardLevel: { orders: ORDERS_SHARD_LEVEL_METRICS }, flushMs: 60_000 });
  if (!started) throw new Error('moto is not installed: pip install "moto[server]"');
  demo = started;
  cw = createScriptCloudWatchClient(demo.endpoint);
});

afterAll(async () => {
  cw?.destroy();
  client?.destroy();
  await demo?.stop();
  await kinesis?.stop();
});

async function sum(metric: string, dimensions: Record<string, string>, start: number): Promise<number> {
  const out = await cw.send(
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
});
