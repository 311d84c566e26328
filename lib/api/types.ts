// The JSON shapes of Shardscope's HTTP API: what routes return and what the browser reads.
import type { RecordView } from "@/lib/records/types";

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

export const START_POSITIONS = [
  "TRIM_HORIZON",
  "LATEST",
  "AT_TIMESTAMP",
  "AT_SEQUENCE_NUMBER",
  "AFTER_SEQUENCE_NUMBER",
] as const;
export type StartPosition = (typeof START_POSITIONS)[number];

export interface RecordsPageResponse {
  records: RecordView[];
  /** Opaque; pass back to read the next page. Null once a closed shard has been read to its end. */
  cursor: string | null;
  millisBehindLatest: number | null;
}

export interface Target {
  region: string;
  /** 12-digit account id, "local" for an emulator, or null when it could not be determined. */
  account: string | null;
  endpoint: string;
  local: boolean;
  readOnly: boolean;
}

export interface HealthResponse {
  ok: boolean;
  kinesis: { reachable: boolean; endpoint: string; region: string; error?: string };
  cloudwatch: { reachable: boolean; endpoint: string; error?: string };
}

/** One record's fate in `POST /api/streams/{name}/records`, in the order the records were sent. */
export type PutRecordResult = { shardId: string; sequenceNumber: string } | { errorCode: string; errorMessage: string };

export interface PutRecordsResponse {
  results: PutRecordResult[];
}
