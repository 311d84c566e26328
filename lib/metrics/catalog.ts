// The AWS/Kinesis metrics Shardscope reads, as CloudWatch publishes them: name, dimensions,
// statistic and unit. Pure and isomorphic: the server builds queries from it, the browser labels
// charts with it. Source: "Monitoring Kinesis Data Streams with CloudWatch" in the AWS docs.

export const KINESIS_NAMESPACE = "AWS/Kinesis";

export type Statistic = "Sum" | "Average" | "Maximum" | "Minimum" | "SampleCount";

/** How a series is shown: a per-second rate (Sum ÷ period), or the statistic as CloudWatch returns it. */
export type Display = "rate" | "value";

/** Units as the charts show them. */
export type ChartUnit = "bytes/s" | "records/s" | "ms" | "count" | "ratio";

export type MetricLevel = "stream" | "shard" | "consumer";

export interface MetricDef {
  /** CloudWatch's metric name. */
  name: string;
  level: MetricLevel;
  statistic: Statistic;
  display: Display;
  /** The unit CloudWatch stores the metric in. */
  cloudwatchUnit: "Bytes" | "Count" | "Milliseconds";
  unit: ChartUnit;
  label: string;
}

const def = (
  name: string,
  level: MetricLevel,
  statistic: Statistic,
  display: Display,
  cloudwatchUnit: MetricDef["cloudwatchUnit"],
  unit: ChartUnit,
  label: string,
): MetricDef => ({ name, level, statistic, display, cloudwatchUnit, unit, label });

/** Stream-level metrics (dimension StreamName); always published, free of charge. */
export const STREAM_METRICS = [
  def("IncomingBytes", "stream", "Sum", "rate", "Bytes", "bytes/s", "in (producers)"),
  def("IncomingRecords", "stream", "Sum", "rate", "Count", "records/s", "in (producers)"),
  def("GetRecords.Bytes", "stream", "Sum", "rate", "Bytes", "bytes/s", "out (GetRecords)"),
  def("GetRecords.Records", "stream", "Sum", "rate", "Count", "records/s", "out (GetRecords)"),
  def("GetRecords.IteratorAgeMilliseconds", "stream", "Maximum", "value", "Milliseconds", "ms", "iterator age (max)"),
  def("ReadProvisionedThroughputExceeded", "stream", "Sum", "value", "Count", "count", "read throttled"),
  def("WriteProvisionedThroughputExceeded", "stream", "Sum", "value", "Count", "count", "write throttled"),
  def("PutRecord.Latency", "stream", "Average", "value", "Milliseconds", "ms", "PutRecord"),
  def("PutRecords.Latency", "stream", "Average", "value", "Milliseconds", "ms", "PutRecords"),
  def("GetRecords.Latency", "stream", "Average", "value", "Milliseconds", "ms", "GetRecords"),
  def("PutRecord.Success", "stream", "Average", "value", "Count", "ratio", "PutRecord"),
  def("PutRecords.Success", "stream", "Average", "value", "Count", "ratio", "PutRecords"),
  def("GetRecords.Success", "stream", "Average", "value", "Count", "ratio", "GetRecords"),
] as const satisfies readonly MetricDef[];

/** Enhanced fan-out metrics carry a ConsumerName dimension beside StreamName: one series per consumer. */
export const CONSUMER_METRICS = [
  def("SubscribeToShardEvent.Bytes", "consumer", "Sum", "rate", "Bytes", "bytes/s", "out (fan-out)"),
  def("SubscribeToShardEvent.Records", "consumer", "Sum", "rate", "Count", "records/s", "out (fan-out)"),
] as const satisfies readonly MetricDef[];

/**
 * Shard-level metrics (dimensions StreamName, ShardId), published only for the metrics enabled
 * with EnableEnhancedMonitoring, and billed as custom metrics per shard.
 */
export const SHARD_METRICS = [
  def("IncomingBytes", "shard", "Sum", "rate", "Bytes", "bytes/s", "in"),
  def("IncomingRecords", "shard", "Sum", "rate", "Count", "records/s", "in"),
  def("OutgoingBytes", "shard", "Sum", "rate", "Bytes", "bytes/s", "out"),
  def("OutgoingRecords", "shard", "Sum", "rate", "Count", "records/s", "out"),
  def("IteratorAgeMilliseconds", "shard", "Maximum", "value", "Milliseconds", "ms", "iterator age"),
  def("ReadProvisionedThroughputExceeded", "shard", "Sum", "value", "Count", "count", "read throttled"),
  def("WriteProvisionedThroughputExceeded", "shard", "Sum", "value", "Count", "count", "write throttled"),
] as const satisfies readonly MetricDef[];

/** All shard-level metric names EnableEnhancedMonitoring accepts. */
export const SHARD_LEVEL_METRIC_NAMES = SHARD_METRICS.map((m) => m.name);

/** The shard-level metrics the per-shard view queries: the ones with a per-shard limit. */
export const SHARD_VIEW_METRICS = ["IncomingBytes", "IncomingRecords", "OutgoingBytes"] as const;
export type ShardViewMetric = (typeof SHARD_VIEW_METRICS)[number];

/** Per-shard limits of a provisioned stream (AWS: 1 MiB/s and 1,000 records/s in, 2 MiB/s out). */
export const SHARD_LIMITS: Record<ShardViewMetric, { perSecond: number; label: string }> = {
  IncomingBytes: { perSecond: 1024 * 1024, label: "1 MiB/s in" },
  IncomingRecords: { perSecond: 1000, label: "1,000 records/s in" },
  OutgoingBytes: { perSecond: 2 * 1024 * 1024, label: "2 MiB/s out" },
};

export function streamMetric(name: string): MetricDef | undefined {
  return STREAM_METRICS.find((m) => m.name === name);
}

export function shardMetric(name: string): MetricDef | undefined {
  return SHARD_METRICS.find((m) => m.name === name);
}

/** Series keys: the metric name, with "@consumer" for enhanced fan-out series. */
export function seriesKey(metric: string, consumer?: string): string {
  return consumer ? `${metric}@${consumer}` : metric;
}

export function parseSeriesKey(key: string): { metric: string; consumer?: string } {
  const at = key.indexOf("@");
  return at < 0 ? { metric: key } : { metric: key.slice(0, at), consumer: key.slice(at + 1) };
}

export interface ChartDef {
  id: string;
  title: string;
  unit: ChartUnit;
  /** Stream-level metrics drawn on this chart, in legend order. */
  metrics: string[];
  /** Consumer (enhanced fan-out) metrics drawn as one line per consumer. */
  consumerMetrics: string[];
}

/** The Metrics tab's stream-level charts. */
export const STREAM_CHARTS: readonly ChartDef[] = [
  {
    id: "bytes",
    title: "Throughput (bytes/s)",
    unit: "bytes/s",
    metrics: ["IncomingBytes", "GetRecords.Bytes"],
    consumerMetrics: ["SubscribeToShardEvent.Bytes"],
  },
  {
    id: "records",
    title: "Throughput (records/s)",
    unit: "records/s",
    metrics: ["IncomingRecords", "GetRecords.Records"],
    consumerMetrics: ["SubscribeToShardEvent.Records"],
  },
  { id: "iterator-age", title: "Iterator age (GetRecords)", unit: "ms", metrics: ["GetRecords.IteratorAgeMilliseconds"], consumerMetrics: [] },
  {
    id: "throttling",
    title: "Throttled requests (per period)",
    unit: "count",
    metrics: ["ReadProvisionedThroughputExceeded", "WriteProvisionedThroughputExceeded"],
    consumerMetrics: [],
  },
  { id: "latency", title: "Latency (average)", unit: "ms", metrics: ["PutRecord.Latency", "PutRecords.Latency", "GetRecords.Latency"], consumerMetrics: [] },
  { id: "success", title: "Success rate", unit: "ratio", metrics: ["PutRecord.Success", "PutRecords.Success", "GetRecords.Success"], consumerMetrics: [] },
];

/** The chart a stream-level metric is drawn on (for alarm threshold lines). */
export function chartForMetric(metric: string): ChartDef | undefined {
  return STREAM_CHARTS.find((c) => c.metrics.includes(metric) || c.consumerMetrics.includes(metric));
}
