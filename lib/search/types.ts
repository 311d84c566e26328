// Shapes of a search's server-sent events, shared by the SSE route, the NDJSON download and the browser.
import type { RecordView } from "@/lib/records/types";

/** Where a search starts: the oldest record, a time, or a sequence number (one shard). */
export const SEARCH_START_POSITIONS = ["TRIM_HORIZON", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER"] as const;
export type SearchStartPosition = (typeof SEARCH_START_POSITIONS)[number];

/** What one shard's scan is doing. */
export const SEARCH_SHARD_STATES = ["waiting", "reading", "throttled", "done", "stopped", "failed"] as const;
export type SearchShardState = (typeof SEARCH_SHARD_STATES)[number];

/**
 * Why a search ended: its window was read, it found `max` matches, or a limit stopped it. The
 * contract also names `cancelled`: the server never sends it (a client that cancels has left), but
 * the view ends a cancelled search with it, from the last progress.
 */
export const SEARCH_DONE_REASONS = ["window", "max", "limit", "cancelled"] as const;
export type SearchDoneReason = (typeof SEARCH_DONE_REASONS)[number];

/** Which shards a search reads, and why: sent once, first. */
export interface SearchPlanEvent {
  /** The window, ISO 8601; `start` is absent when the search starts at the oldest record (or a sequence number). */
  window: { start?: string; end: string };
  /** Shards read, parents before children. */
  shards: string[];
  /** Shards the stream has (open and closed) that the window could cover. */
  totalShards: number;
  /** An exact partition key reads only the shards whose hash range holds its hash. */
  keyed?: { key: string; hashKey: string; openShardId?: string };
}

export interface SearchShardProgress {
  shardId: string;
  /** The arrival time of the newest record read in this shard (ISO 8601); absent before the first. */
  reachedAt?: string;
  records: number;
  bytes: number;
  /** Share of the window read, 0 … 100. */
  coveredPercent: number;
  state: SearchShardState;
  /** Records read per second in this shard (since it started). */
  recordsPerSecond: number;
  /** GetRecords calls per second this search may spend on the shard (its share of the shard's 5). */
  budgetPerSecond: number;
  message?: string;
}

export interface SearchProgressEvent {
  shards: SearchShardProgress[];
  matched: number;
  scanned: number;
  /** Bytes read in all shards. */
  bytes: number;
  elapsedMs: number;
  /** An estimate of the time left, once there is enough to go on. */
  etaMs?: number;
}

export interface SearchRecordsEvent {
  records: RecordView[];
}

export interface SearchDoneEvent {
  reason: SearchDoneReason;
  matched: number;
  scanned: number;
  bytes: number;
  elapsedMs: number;
  /** For `limit`: which one, and in words. */
  limit?: "time" | "bytes";
  message: string;
  /** What each shard covered, as in the last progress. */
  shards: SearchShardProgress[];
}

export interface SearchErrorEvent {
  code: string;
  message: string;
  shardId?: string;
}
