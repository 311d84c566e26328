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

/**
 * This viewer's counts on the server, since its session started. They add up:
 * matched = records sent to the viewer + dropped + queued; with no filter, scanned = matched.
 */
export interface TailCounters {
  /** Records the server's filter looked at for this viewer. */
  scanned: number;
  /** Those that passed the filter (all of them when there is none). */
  matched: number;
  /** Matched but dropped because this viewer fell behind. */
  dropped: number;
  /** Matched and still waiting in this viewer's queue on the server: in flight. */
  queued: number;
}

export interface TailRecordsEvent {
  records: RecordView[];
  /** The counters as of this event (the batch included in what was sent). */
  counters: TailCounters;
}

export interface TailShardsEvent {
  shards: { shardId: string; status: "reading" | "waiting" | "done" | "stopped" }[];
}

/** Per-shard stats, and the counters as of the moment the event was sent. */
export interface TailStatsEvent extends TailCounters {
  shards: ShardTailStats[];
}

export interface TailDroppedEvent {
  count: number;
}

export interface TailErrorEvent {
  code: string;
  message: string;
  shardId?: string;
}
