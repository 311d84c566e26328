// Shapes of the tail's server-sent events, shared by the SSE route and the browser.
import type { RecordView } from "@/lib/records/types";

export const TAIL_START_POSITIONS = ["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"] as const;
export type TailStartPosition = (typeof TAIL_START_POSITIONS)[number];

/** What a shard reader is doing, in words the UI shows. */
export type ReaderState = "starting" | "live" | "catching-up" | "throttled" | "reconnecting" | "ended" | "failed";

/** Polling GetRecords (shares the shard's 5 calls/s) or enhanced fan-out (a dedicated 2 MB/s pipe). */
export type ReaderMode = "polling" | "efo";

export interface HotKey {
  key: string;
  count: number;
  /** Share of this shard's records in the window, 0 … 1. */
  share: number;
}

export interface ShardTailStats {
  shardId: string;
  mode: ReaderMode;
  state: ReaderState;
  message?: string;
  recordsPerSecond: number;
  bytesPerSecond: number;
  millisBehindLatest: number | null;
  /** Age of the newest record seen, at the time of this report. */
  newestRecordAgeMs: number | null;
  /** GetRecords calls/s by all of Shardscope's readers of this shard (10 s average). */
  callsPerSecond: number;
  /** The shard's read budget: Kinesis allows 5 calls/s per shard for all consumers. */
  budgetPerSecond: number;
  /** Subscribers sharing this shard's reader. */
  viewers: number;
  hotKeys: HotKey[];
  /** Live metrics only: the last 60 complete seconds, oldest first (t in epoch seconds). */
  perSecond?: { t: number; records: number; bytes: number }[];
}

export interface TailRecordsEvent {
  records: RecordView[];
}

export interface TailShardsEvent {
  shards: { shardId: string; status: "reading" | "waiting" | "done" | "stopped" }[];
}

export interface TailStatsEvent {
  shards: ShardTailStats[];
  /** Records this viewer's filter looked at, and let through. */
  scanned: number;
  matched: number;
  /** Records dropped so far because this viewer fell behind. */
  dropped: number;
}

export interface TailDroppedEvent {
  count: number;
}

export interface TailErrorEvent {
  code: string;
  message: string;
  shardId?: string;
}
