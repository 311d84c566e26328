// The JSON shapes of the metrics, alarms and monitor endpoints, shared by server and browser.
import type { ShardViewMetric } from "@/lib/metrics/catalog";
import type { HealthState, HealthThresholds } from "@/lib/metrics/health";
import type { ConsumerHealth, ConsumerKind } from "@/lib/consumers/types";
import type { ShardMetricStats } from "@/lib/metrics/shards";

/** How much CloudWatch this server is asking of the account: CloudWatch bills per metric requested. */
export interface CloudWatchUsage {
  /** GetMetricData calls this response cost (0 when it came from the shared cache). */
  getMetricDataCalls: number;
  /** Queries (metrics and expressions) behind this response. */
  queries: number;
  /** Whether the data came from the cache shared by all viewers. */
  cached: boolean;
  /** CloudWatch API calls (all operations) by this server in the last 60 seconds. */
  callsLastMinute: number;
  getMetricDataCallsLastMinute: number;
}

export interface MetricSeries {
  /** Metric name, with "@consumer" for enhanced fan-out series. */
  key: string;
  metric: string;
  consumer?: string;
  statistic: string;
  /** Per-second rate (Sum ÷ period) or the statistic itself. */
  display: "rate" | "value";
  /** One value per entry of the response's `timestamps`; null where CloudWatch had no data point. */
  values: (number | null)[];
}

export interface ShardMetrics {
  shardId: string;
  open: boolean;
  series: Partial<Record<ShardViewMetric, (number | null)[]>>;
  stats: Partial<Record<ShardViewMetric, ShardMetricStats>>;
  peakPercent: number | null;
  averagePercent: number | null;
}

export interface MetricsResponse {
  stream: string;
  /** ISO 8601; aligned to the period. `end` is exclusive. */
  start: string;
  end: string;
  /** Seconds per point. */
  period: number;
  periodReason: string;
  /** The start of every period in the window (ISO 8601): the shared x axis of every series. */
  timestamps: string[];
  series: MetricSeries[];
  shardLevel: {
    /** Shard-level metrics enabled on the stream (enhanced monitoring); empty when it is off. */
    enabledMetrics: string[];
    /** The limited metrics the per-shard view shows (those enabled). */
    viewMetrics: ShardViewMetric[];
    /** Hottest first; empty when no shard-level metric of the view is enabled or none was asked for. */
    shards: ShardMetrics[];
  };
  usage: CloudWatchUsage;
  /** When the data was read from CloudWatch (earlier than `generatedAt` when it came from the cache). */
  fetchedAt: string;
  generatedAt: string;
}

export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

export interface AlarmMetricRef {
  namespace?: string;
  metricName?: string;
  dimensions: { name: string; value: string }[];
  statistic?: string;
  period?: number;
}

export interface AlarmView {
  name: string;
  arn?: string;
  description?: string;
  state: AlarmState;
  reason: string;
  /** ISO 8601. */
  stateUpdatedAt?: string;
  /** Single-metric alarms; undefined for metric-math alarms. */
  metricName?: string;
  namespace?: string;
  statistic?: string;
  period?: number;
  dimensions: { name: string; value: string }[];
  threshold?: number;
  comparison?: string;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  /** The metrics a metric-math alarm reads. */
  metrics: AlarmMetricRef[];
}

export interface AlarmsResponse {
  alarms: AlarmView[];
  usage: { callsLastMinute: number };
  fetchedAt: string;
}

/** Which target, region and account a wall tile's stream belongs to. */
export interface TileScope {
  target: string;
  region: string;
  /** 12-digit account id, "local" for an emulator, or null when unknown. */
  account: string | null;
}

export interface MonitorTile {
  stream: string;
  scope: TileScope;
  /** Present when this stream could not be read (e.g. it does not exist); the other fields are then empty. */
  error?: { code: string; message: string };
  health: { state: HealthState; reasons: string[] };
  openShardCount: number | null;
  /** Incoming bytes/s, one value per entry of the response's `timestamps`. */
  sparkline: (number | null)[];
  incomingBytesPerSecond: number | null;
  /** Incoming records/s in the same last complete period as the bytes. */
  incomingRecordsPerSecond: number | null;
  /** Over the health window (the last `healthWindowMinutes`). */
  maxIteratorAgeMs: number | null;
  readThrottles: number | null;
  writeThrottles: number | null;
  alarms: { name: string; state: AlarmState }[];
  /** The stream's worst consumer application (absent when none was found or the consumers could not be read). */
  worstConsumer?: WorstConsumer;
}

/** A stream's worst consumer on its wall tile: a critical one makes the tile critical, a warning one a warning. */
export interface WorstConsumer {
  name: string;
  kind: ConsumerKind;
  health: ConsumerHealth;
  /** Its worst lag; null when nothing measured it. */
  lagMillis: number | null;
  /** Why its health is what it is; empty when ok. */
  reasons: string[];
}

export interface MonitorResponse {
  /** Worst first. */
  tiles: MonitorTile[];
  timestamps: string[];
  period: number;
  healthWindowMinutes: number;
  thresholds: HealthThresholds;
  /** The targets and regions on the wall, in the order they were named. */
  scopes: TileScope[];
  usage: CloudWatchUsage & { describeAlarmsCalls: number };
  fetchedAt: string;
  generatedAt: string;
  /** Streams left out because the page would be too large. */
  omitted: number;
}
