// The browser's tail window as a pure reducer: records arrive in batches, the window is capped
// (oldest leave first), pausing parks arrivals up to a cap and counts what it had to skip.
import type { RecordView } from "@/lib/records/types";

export interface TailState {
  /** Oldest first. */
  rows: RecordView[];
  paused: boolean;
  /** Arrived while paused, oldest first. */
  parked: RecordView[];
  /** Arrived while paused after `parked` was full: never shown. */
  skipped: number;
  /** Left the window because it was full. */
  evicted: number;
  /** Dropped by the server because this viewer fell behind. */
  droppedByServer: number;
  received: number;
}

export type TailAction =
  { type: "records"; records: RecordView[] } | { type: "pause" } | { type: "resume" } | { type: "clear" } | { type: "dropped"; count: number };

export interface TailLimits {
  maxRows: number;
  maxParked: number;
}

export const DEFAULT_TAIL_LIMITS: TailLimits = { maxRows: 5_000, maxParked: 10_000 };

export const initialTailState: TailState = { rows: [], paused: false, parked: [], skipped: 0, evicted: 0, droppedByServer: 0, received: 0 };

function appendCapped(rows: RecordView[], more: RecordView[], max: number): { rows: RecordView[]; removed: number } {
  if (more.length === 0) return { rows, removed: 0 };
  const all = rows.concat(more);
  const removed = Math.max(0, all.length - max);
  return { rows: removed > 0 ? all.slice(removed) : all, removed };
}

export function tailReducer(state: TailState, action: TailAction, limits: TailLimits = DEFAULT_TAIL_LIMITS): TailState {
  switch (action.type) {
    case "records": {
      const received = state.received + action.records.length;
      if (state.paused) {
        const room = Math.max(0, limits.maxParked - state.parked.length);
        const kept = action.records.slice(0, room);
        return { ...state, received, parked: state.parked.concat(kept), skipped: state.skipped + action.records.length - kept.length };
      }
      const { rows, removed } = appendCapped(state.rows, action.records, limits.maxRows);
      return { ...state, received, rows, evicted: state.evicted + removed };
    }
    case "pause":
      return state.paused ? state : { ...state, paused: true };
    case "resume": {
      if (!state.paused) return state;
      const { rows, removed } = appendCapped(state.rows, state.parked, limits.maxRows);
      return { ...state, paused: false, parked: [], rows, evicted: state.evicted + removed };
    }
    case "clear":
      return { ...initialTailState, paused: state.paused };
    case "dropped":
      return { ...state, droppedByServer: state.droppedByServer + action.count };
  }
}
