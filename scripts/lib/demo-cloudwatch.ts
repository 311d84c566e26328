// The demo's CloudWatch: moto's server, fed with the AWS/Kinesis metrics Kinesis would publish for
// the records the demo producer really wrote — per stream, and per shard (from the ShardId each put
// returned) for the streams with enhanced monitoring — plus two demo alarms, one of them in ALARM.
import { PutMetricAlarmCommand, SetAlarmStateCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { PutOutcome } from "./demo-producer";
import { LOCAL_REGION } from "./kinesis-client";
import { putKinesisMetrics, type KinesisDatum } from "./kinesis-metrics";
import { createScriptCloudWatchClient, motoAvailable, startMotoServer, type MotoServer } from "./moto-server";

interface StreamTotals {
  bytes: number;
  records: number;
  puts: number;
  succeeded: number;
  throttled: number;
  latency: { sum: number; min: number; max: number };
  shards: Map<string, { bytes: number; records: number }>;
}

/**
 * Adds up puts between flushes, the way Kinesis aggregates them for CloudWatch: bytes and records
 * in, PutRecord latency and success, write throttling (published as 0 when there was none), and
 * the shard-level IncomingBytes / IncomingRecords of streams whose enhanced monitoring enables them.
 */
export class KinesisMetricsRecorder {
  private totals = new Map<string, StreamTotals>();

  /** `shardLevel`: stream → enabled shard-level metrics (as EnableEnhancedMonitoring was told). */
  constructor(private readonly shardLevel: Readonly<Record<string, readonly string[]>> = {}) {}

  record(put: Pick<PutOutcome, "stream" | "shardId" | "bytes" | "ok" | "error" | "latencyMs">): void {
    let t = this.totals.get(put.stream);
    if (!t) {
      t = { bytes: 0, records: 0, puts: 0, succeeded: 0, throttled: 0, latency: { sum: 0, min: Infinity, max: 0 }, shards: new Map() };
      this.totals.set(put.stream, t);
    }
    t.puts++;
    t.latency.sum += put.latencyMs;
    t.latency.min = Math.min(t.latency.min, put.latencyMs);
    t.latency.max = Math.max(t.latency.max, put.latencyMs);
    if (!put.ok) {
      if (put.error === "ProvisionedThroughputExceededException") t.throttled++;
      return;
    }
    t.succeeded++;
    t.bytes += put.bytes;
    t.records++;
    if (put.shardId) {
      const s = t.shards.get(put.shardId) ?? { bytes: 0, records: 0 };
      s.bytes += put.bytes;
      s.records++;
      t.shards.set(put.shardId, s);
    }
  }

  /** The data points for everything recorded since the last drain, stamped `at`; then starts over. */
  drain(at: number): KinesisDatum[] {
    const out: KinesisDatum[] = [];
    for (const [stream, t] of this.totals) {
      if (t.puts === 0) continue;
      const d = (metric: string, value: number) => out.push({ stream, metric, timestamp: at, value });
      d("IncomingBytes", t.bytes);
      d("IncomingRecords", t.records);
      d("PutRecord.Bytes", t.bytes);
      d("WriteProvisionedThroughputExceeded", t.throttled);
      out.push({ stream, metric: "PutRecord.Latency", timestamp: at, stats: { sum: t.latency.sum, min: t.latency.min, max: t.latency.max, count: t.puts } });
      out.push({
        stream,
        metric: "PutRecord.Success",
        timestamp: at,
        stats: { sum: t.succeeded, min: t.succeeded < t.puts ? 0 : 1, max: t.succeeded > 0 ? 1 : 0, count: t.puts },
      });
      const enabled = this.shardLevel[stream] ?? [];
      for (const [shardId, s] of t.shards) {
        if (enabled.includes("IncomingBytes")) out.push({ stream, shardId, metric: "IncomingBytes", timestamp: at, value: s.bytes });
        if (enabled.includes("IncomingRecords")) out.push({ stream, shardId, metric: "IncomingRecords", timestamp: at, value: s.records });
      }
    }
    this.totals = new Map();
    return out;
  }
}

export const DEMO_ALARMS = {
  /** Breaching: the demo writes ~6 records/s into orders, the threshold is 4/s. */
  ordersRecords: "demo-orders-incoming-records-high",
  paymentsThrottling: "demo-payments-write-throttling",
} as const;

export async function createDemoAlarms(cw: CloudWatchClient): Promise<void> {
  const base = { Namespace: "AWS/Kinesis", Period: 60, EvaluationPeriods: 1, ComparisonOperator: "GreaterThanThreshold" as const };
  await cw.send(
    new PutMetricAlarmCommand({
      ...base,
      AlarmName: DEMO_ALARMS.ordersRecords,
      AlarmDescription: "Shardscope demo: orders takes more than 240 records a minute.",
      MetricName: "IncomingRecords",
      Dimensions: [{ Name: "StreamName", Value: "orders" }],
      Statistic: "Sum",
      Threshold: 240,
    }),
  );
  await cw.send(
    new PutMetricAlarmCommand({
      ...base,
      AlarmName: DEMO_ALARMS.paymentsThrottling,
      AlarmDescription: "Shardscope demo: any write throttling on payments.",
      MetricName: "WriteProvisionedThroughputExceeded",
      Dimensions: [{ Name: "StreamName", Value: "payments" }],
      Statistic: "Sum",
      Threshold: 0,
    }),
  );
  // moto stores alarms but does not evaluate them: set the states the demo traffic produces.
  await cw.send(
    new SetAlarmStateCommand({
      AlarmName: DEMO_ALARMS.ordersRecords,
      StateValue: "ALARM",
      StateReason: "Threshold Crossed: the demo producer writes about 360 records a minute into orders (threshold 240).",
    }),
  );
  await cw.send(new SetAlarmStateCommand({ AlarmName: DEMO_ALARMS.paymentsThrottling, StateValue: "OK", StateReason: "No write throttling on payments." }));
}

export interface DemoCloudWatch {
  endpoint: string;
  exited: MotoServer["exited"];
  /** Pass to the demo producer's onPut: the put's metrics go to us-east-1 (the embedded Kinesis' region). */
  record(put: PutOutcome): void;
  /** The same for a producer writing in another of `regions`: its metrics go to moto in that region. */
  recorderFor(region: string): (put: PutOutcome) => void;
  /** Publishes what is pending now (the publisher also does so every `flushMs`). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartDemoCloudWatchOptions {
  /** us-east-1's streams with enhanced monitoring: stream → enabled shard-level metrics. */
  shardLevel: Record<string, readonly string[]>;
  /** Other regions the demo writes into, each with its own shard-level metrics (moto keeps regions apart). */
  regions?: Record<string, Record<string, readonly string[]>>;
  /** How often recorded puts are published; Kinesis publishes per minute, the demo more often so charts fill quickly. */
  flushMs?: number;
  log?: (line: string) => void;
}

interface RegionPublisher {
  cw: CloudWatchClient;
  recorder: KinesisMetricsRecorder;
  publishing: Promise<void>;
}

/** Starts moto and the publisher, or returns undefined when moto is not installed. */
export async function startDemoCloudWatch(opts: StartDemoCloudWatchOptions): Promise<DemoCloudWatch | undefined> {
  if (!motoAvailable()) return undefined;
  const log = opts.log ?? (() => {});
  const moto = await startMotoServer();
  const publishers = new Map<string, RegionPublisher>();
  for (const [region, shardLevel] of [[LOCAL_REGION, opts.shardLevel] as const, ...Object.entries(opts.regions ?? {})]) {
    publishers.set(region, {
      cw: createScriptCloudWatchClient(moto.endpoint, 3, region),
      recorder: new KinesisMetricsRecorder(shardLevel),
      publishing: Promise.resolve(),
    });
  }
  const home = publishers.get(LOCAL_REGION)!;
  try {
    // The alarms are the embedded Kinesis' (us-east-1) streams'.
    await createDemoAlarms(home.cw);
  } catch (e) {
    for (const p of publishers.values()) p.cw.destroy();
    await moto.stop();
    throw e;
  }
  let reported = false;
  const flushOne = (region: string, p: RegionPublisher) => {
    const data = p.recorder.drain(Date.now());
    if (data.length === 0) return p.publishing;
    p.publishing = p.publishing
      .then(() => putKinesisMetrics(p.cw, data))
      .catch((e: Error) => {
        // Once: a stopped moto must not flood the terminal.
        if (!reported) log(`publishing demo metrics (${region}) failed (${e.name}: ${e.message}); later failures are silent`);
        reported = true;
      });
    return p.publishing;
  };
  const flush = async () => {
    await Promise.all([...publishers].map(([region, p]) => flushOne(region, p)));
  };
  const timer = setInterval(() => void flush(), opts.flushMs ?? 10_000);
  timer.unref();
  return {
    endpoint: moto.endpoint,
    exited: moto.exited,
    record: (put) => home.recorder.record(put),
    recorderFor(region) {
      const p = publishers.get(region);
      if (!p) throw new Error(`the demo CloudWatch was not started with region ${region}`);
      return (put) => p.recorder.record(put);
    },
    flush,
    async stop() {
      clearInterval(timer);
      await Promise.race([Promise.all([...publishers.values()].map((p) => p.publishing)), new Promise((r) => setTimeout(r, 500))]);
      for (const p of publishers.values()) p.cw.destroy();
      await moto.stop(2_000);
    },
  };
}
