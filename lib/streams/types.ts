// The JSON shapes of the streams domain: stream lists, summaries, details and shards.

export type StreamMode = "PROVISIONED" | "ON_DEMAND";

export interface StreamListItem {
  name: string;
  /** Known from ListStreams on AWS; filled from DescribeStreamSummary where ListStreams gives names only. */
  arn?: string;
  status?: string;
  mode?: StreamMode;
  openShardCount?: number;
  retentionHours?: number;
  encryption?: string;
  /** ISO 8601. */
  createdAt?: string;
}

export interface StreamListResponse {
  streams: StreamListItem[];
}

export interface StreamSummary extends StreamListItem {
  arn: string;
  status: string;
  mode: StreamMode;
  openShardCount: number;
  retentionHours: number;
  encryption: string;
  keyId?: string;
  createdAt: string;
  /** Shard-level metrics enabled by enhanced monitoring; empty when off. */
  enhancedMonitoring: string[];
  consumerCount?: number;
  /** The largest record the stream accepts, in KiB (1024 … 10240); 1024 when Kinesis does not say. */
  maxRecordSizeKiB: number;
}

export interface StreamConsumer {
  name: string;
  arn: string;
  status: string;
  createdAt: string;
}

export interface StreamDetailsResponse {
  tags: { key: string; value: string }[];
  consumers: StreamConsumer[];
}

export interface ShardView {
  shardId: string;
  parentShardId?: string;
  adjacentParentShardId?: string;
  /** Decimal strings: 0 … 2^128 − 1. */
  hashKeyRange: { start: string; end: string };
  sequenceNumberRange: { start: string; end?: string };
  open: boolean;
}

export interface ShardListResponse {
  shards: ShardView[];
}
