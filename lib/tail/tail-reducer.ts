// The browser's tail window as a pure reducer: records arrive in batches, per shard and not in
// time order across shards, and the window keeps them sorted by arrival time (then shard, then
// sequence number), so a late batch from a slower shard lands where it belongs. The window is
// capped (the oldest by that order leave first), pausing parks arrivals up to a cap and counts
// what it had to skip. It also keeps the tail's counters so that they add up:
//   received = on screen + waiting (parked) + skipped while paused + evicted + cleared
//   matched  = received + dropped by the server + in flight (queued on the server)
import type { RecordView } from "@/lib/records/types";
import type { TailCounters } from "./types";

/** The server's counts for this viewer, as of the last event that carried them (see TailCounters). */
export type TailServerCounters = TailCounters;

export interface TailState {
  /** Oldest first, by arrival time, then shard id, then sequence number. */
  rows: RecordView[];
  paused: boolean;
  /** Arrived while paused, in the same order. */
  parked: RecordView[];
  /** Arrived while paused after `parked` was full: never shown. */
  skipped: number;
  /** Left the window because it was full. */
  evicted: number;
  /** Removed by Clear. */
  cleared: number;
  /** Dropped by the server because this viewer fell behind. */
  droppedByServer: number;
  /** Records delivered to this browser since the tail started. */
  received: number;
  /** The server's counters, summed over this tail's connections (a reconnect starts a new session). */
  server: TailServerCounters;
  /** The counters of connections before the current one. */
  serverBefore: TailServerCounters;
}

export type TailAction =
  /** A flush: records, the server's drop notices that came with them, and the counters of the last event. */
  | { type: "records"; records: RecordView[]; counters?: TailServerCounters; dropped?: number }
  | { type: "counters"; counters: TailServerCounters }
  | { type: "reconnected" }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "clear" }
  /** A new tail (another URL): everything starts from zero but the pause. */
  | { type: "reset" }
  | { type: "dropped"; count: number };

export interface TailLimits {
  maxRows: number;
  maxParked: number;
}

export const DEFAULT_TAIL_LIMITS: TailLimits = { maxRows: 5_000, maxParked: 10_000 };

const ZERO: TailServerCounters = { scanned: 0, matched: 0, dropped: 0, queued: 0 };

export const initialTailState: TailState = {
  rows: [],
  paused: false,
  parked: [],
  skipped: 0,
  evicted: 0,
  cleared: 0,
  droppedByServer: 0,
  received: 0,
  server: ZERO,
  serverBefore: ZERO,
};

/** Sequence numbers are decimal integers of up to 128 bits: compared by length, then digits. */
export function compareSequenceNumbers(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const arrivalMs = (r: RecordView) => Date.parse(r.arrivalTime);

/** The tail's order: arrival time, then shard id, then sequence number. */
export function compareRecords(a: RecordView, b: RecordView): number {
  const t = arrivalMs(a) - arrivalMs(b);
  if (t !== 0) return t;
  if (a.shardId !== b.shardId) return a.shardId < b.shardId ? -1 : 1;
  return compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber);
}

/** Merges a batch (any order) into a sorted list. Most batches are newer than everything shown: appended as they are. */
export function mergeSorted(rows: RecordView[], batch: RecordView[]): RecordView[] {
  if (batch.length === 0) return rows;
  const more = batch.length > 1 ? [...batch].sort(compareRecords) : batch;
  const last = rows.at(-1);
  if (!last || compareRecords(last, more[0]!) <= 0) return rows.concat(more);
  // The first place the batch's oldest record goes: everything before it stays as it is.
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareRecords(rows[mid]!, more[0]!) <= 0) lo = mid + 1;
    else hi = mid;
  }
  const out = rows.slice(0, lo);
  let i = lo;
  let j = 0;
  while (i < rows.length && j < more.length) out.push(compareRecords(rows[i]!, more[j]!) <= 0 ? rows[i++]! : more[j++]!);
  while (i < rows.length) out.push(rows[i++]!);
  while (j < more.length) out.push(more[j++]!);
  return out;
}

function mergeCapped(rows: RecordView[], more: RecordView[], max: number): { rows: RecordView[]; removed: number } {
  if (more.length === 0) return { rows, removed: 0 };
  const all = mergeSorted(rows, more);
  const removed = Math.max(0, all.length - max);
  return { rows: removed > 0 ? all.slice(removed) : all, removed };
}

const add = (a: TailServerCounters, b: TailServerCounters): TailServerCounters => ({
  scanned: a.scanned + b.scanned,
  matched: a.matched + b.matched,
  dropped: a.dropped + b.dropped,
  queued: a.queued + b.queued,
});

function withCounters(state: TailState, counters: TailServerCounters | undefined): TailState {
  return counters ? { ...state, server: add(state.serverBefore, counters) } : state;
}

export function tailReducer(state: TailState, action: TailAction, limits: TailLimits = DEFAULT_TAIL_LIMITS): TailState {
  switch (action.type) {
    case "records": {
      if (action.dropped) state = { ...state, droppedByServer: state.droppedByServer + action.dropped };
      const received = state.received + action.records.length;
      if (state.paused) {
        const room = Math.max(0, limits.maxParked - state.parked.length);
        const kept = action.records.slice(0, room);
        const parked = mergeSorted(state.parked, kept);
        return withCounters({ ...state, received, parked, skipped: state.skipped + action.records.length - kept.length }, action.counters);
      }
      const { rows, removed } = mergeCapped(state.rows, action.records, limits.maxRows);
      return withCounters({ ...state, received, rows, evicted: state.evicted + removed }, action.counters);
    }
    case "counters":
      return withCounters(state, action.counters);
    case "reconnected": {
      // The new session counts from zero. What the old one still had queued was never delivered:
      // the resumed session reads it again (its checkpoint had not passed it), so it is not kept.
      const s = state.server;
      const delivered = { scanned: Math.max(0, s.scanned - s.queued), matched: Math.max(0, s.matched - s.queued), dropped: s.dropped, queued: 0 };
      return { ...state, server: delivered, serverBefore: delivered };
    }
    case "pause":
      return state.paused ? state : { ...state, paused: true };
    case "resume": {
      if (!state.paused) return state;
      const { rows, removed } = mergeCapped(state.rows, state.parked, limits.maxRows);
      return { ...state, paused: false, parked: [], rows, evicted: state.evicted + removed };
    }
    case "clear":
      // Counters keep counting; what was on screen or waiting is counted as cleared.
      return { ...state, rows: [], parked: [], cleared: state.cleared + state.rows.length + state.parked.length };
    case "reset":
      return { ...initialTailState, paused: state.paused };
    case "dropped":
      return { ...state, droppedByServer: state.droppedByServer + action.count };
  }
}
