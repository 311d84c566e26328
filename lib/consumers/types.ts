// The JSON shapes of the consumers domain: who reads a stream (KCL applications, Lambda event
// source mappings, Firehose delivery streams, enhanced fan-out consumers), how far behind each
// one is and whether it is healthy. The HTTP contract of issue 11:
//   GET /api/t/{target}/{region}/streams/{name}/consumers → StreamConsumersResponse
//   GET /api/t/{target}/{region}/consumers                → AllConsumersResponse

export type ConsumerKind = "kcl" | "lambda" | "firehose" | "efo";
export type ConsumerHealth = "ok" | "warning" | "critical" | "unknown";

/** A KCL checkpoint: a sequence number, or one of the KCL's sentinels. */
export type CheckpointSentinel = "TRIM_HORIZON" | "LATEST" | "AT_TIMESTAMP" | "SHARD_END";

export interface ConsumerShard {
  shardId: string;
  /** The sequence number checkpointed, or a sentinel; null when the lease has none yet. */
  checkpoint: string | null;
  /** For aggregated (KPL) records: the sub-sequence number within the checkpointed record. */
  subSequenceNumber?: number;
  pendingCheckpoint?: string;
  owner?: string;
  leaseCounter?: number;
  ownerSwitchesSinceCheckpoint?: number;
  parentShardIds?: string[];
  childShardIds?: string[];
  /** KCL 3.x: the throughput the worker reported for this lease. */
  throughputKBps?: number;
  /** Measured by Shardscope: the age of the next unprocessed record (or MillisBehindLatest). */
  lagMillis?: number;
  /** Arrival time (ISO) of the next record the consumer will process, when there is one. */
  nextRecordAt?: string;
  /** e.g. "processing", "caught up", "finished (SHARD_END)", "unowned", "waiting for parent". */
  state: string;
  health: ConsumerHealth;
  reasons: string[];
}

export interface ConsumerWorker {
  id: string;
  leases: number;
  /** KCL 3.x WorkerMetricStats: reported utilisation in percent (CPU and others), when known. */
  utilisation?: Record<string, number>;
  leader?: boolean;
  /** When the worker last reported (ISO), when known. */
  lastUpdate?: string;
}

export interface ConsumerRow {
  /** Stable within a scope: e.g. "kcl:orders-enricher", "lambda:<uuid>", "firehose:<name>", "efo:<arn>". */
  id: string;
  kind: ConsumerKind;
  name: string;
  /** The kind's own state words: "ACTIVE", "Enabled", "CREATING", "running"… */
  state: string;
  health: ConsumerHealth;
  /** Why, in words; empty when ok. */
  reasons: string[];
  /** The worst lag and where; null when nothing measured it. */
  lag: { maxMillis: number; shardId?: string } | null;
  shards?: ConsumerShard[];
  workers?: ConsumerWorker[];
  /**
   * The worst lag over the last hour, oldest first: sampled by Shardscope each time it measured
   * the lag (KCL applications, while anyone looks), or the minutes CloudWatch holds for the lag AWS
   * publishes (Lambda IteratorAge, Firehose KinesisMillisBehindLatest, fan-out MillisBehindLatest).
   * Absent when nothing was measured.
   */
  lagHistory?: LagHistory;
  /** Kind-specific facts shown in the detail (function ARN, batch size, destination, lease table…). */
  details: Record<string, string | number | boolean | null>;
  /** When this row's data was read (ISO). */
  fetchedAt: string;
}

export interface LagHistory {
  source: "shardscope" | "cloudwatch";
  points: { at: string; lagMillis: number }[];
}

/** Each place consumers are found, and whether reading it worked (one failing source never hides the others). */
export interface ConsumerSource {
  kind: ConsumerKind;
  ok: boolean;
  message?: string;
}

export interface ConsumersUsage {
  /** Kinesis calls (GetShardIterator + GetRecords) spent measuring lag for this answer. */
  kinesisCalls: number;
  /** Other AWS calls (DynamoDB, Lambda, Firehose, CloudWatch) spent for this answer. */
  otherCalls: number;
  /** Seconds between lag measurements (shared by every viewer). */
  refreshSeconds: number;
}

export interface StreamConsumersResponse {
  consumers: ConsumerRow[];
  sources: ConsumerSource[];
  usage: ConsumersUsage;
  fetchedAt: string;
}

export interface AllConsumersResponse {
  consumers: (ConsumerRow & { stream: string })[];
  sources: ConsumerSource[];
  usage: ConsumersUsage;
  fetchedAt: string;
}
