// Publishes AWS/Kinesis metrics the way Kinesis itself would, into a local CloudWatch (moto): the
// demo reports the traffic it really wrote, and tests play AWS's part with known values.
import { PutMetricDataCommand, type CloudWatchClient, type MetricDatum, type StandardUnit } from "@aws-sdk/client-cloudwatch";
import { CONSUMER_METRICS, KINESIS_NAMESPACE, SHARD_METRICS, STREAM_METRICS } from "../../lib/metrics/catalog";

export interface KinesisDatum {
  stream: string;
  /** Shard-level metric (dimensions StreamName, ShardId). */
  shardId?: string;
  /** Enhanced fan-out metric (dimensions StreamName, ConsumerName). */
  consumer?: string;
  metric: string;
  timestamp: Date | number;
  /** A single value… */
  value?: number;
  /** …or a minute's aggregate, as Kinesis publishes latencies and success rates. */
  stats?: { sum: number; min: number; max: number; count: number };
}

/** PutMetricData takes at most 1,000 data points per call. */
const MAX_PER_CALL = 1000;

function unitOf(d: KinesisDatum): StandardUnit {
  const catalog = d.shardId ? SHARD_METRICS : d.consumer ? CONSUMER_METRICS : STREAM_METRICS;
  const def = (catalog as readonly { name: string; cloudwatchUnit: string }[]).find((m) => m.name === d.metric);
  return (def?.cloudwatchUnit ?? "Count") as StandardUnit;
}

export function toMetricDatum(d: KinesisDatum): MetricDatum {
  const dimensions = [{ Name: "StreamName", Value: d.stream }];
  if (d.shardId) dimensions.push({ Name: "ShardId", Value: d.shardId });
  if (d.consumer) dimensions.push({ Name: "ConsumerName", Value: d.consumer });
  return {
    MetricName: d.metric,
    Dimensions: dimensions,
    Timestamp: new Date(d.timestamp),
    Unit: unitOf(d),
    ...(d.stats ? { StatisticValues: { Sum: d.stats.sum, Minimum: d.stats.min, Maximum: d.stats.max, SampleCount: d.stats.count } } : { Value: d.value ?? 0 }),
  };
}

export async function putKinesisMetrics(cw: CloudWatchClient, data: readonly KinesisDatum[]): Promise<void> {
  for (let i = 0; i < data.length; i += MAX_PER_CALL) {
    await cw.send(new PutMetricDataCommand({ Namespace: KINESIS_NAMESPACE, MetricData: data.slice(i, i + MAX_PER_CALL).map(toMetricDatum) }));
  }
}

/** The start of the minute `minutesAgo` before `now`, plus a few seconds: inside that minute's period. */
export function minuteAgo(minutesAgo: number, now = Date.now()): Date {
  return new Date(Math.floor(now / 60_000) * 60_000 - minutesAgo * 60_000 + 5_000);
}
