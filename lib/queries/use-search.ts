"use client";
// A search in the browser: one EventSource (useEventSource), matches buffered in a ref and flushed
// a few times a second into the tail's reducer (sorted by arrival time across shards, capped at
// the search's maximum), the plan, the latest progress and the end. The connection is closed as
// soon as `done` arrives (before the browser would reconnect) or when the person cancels; a
// reconnection after a dropped connection is a new search on the server, so the view starts over.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { RecordView } from "@/lib/records/types";
import type { SearchDoneEvent, SearchErrorEvent, SearchPlanEvent, SearchProgressEvent, SearchRecordsEvent } from "@/lib/search/types";
import { initialTailState, tailReducer, type TailAction, type TailState } from "@/lib/tail/tail-reducer";
import { useEventSource, type EventSourceConnection } from "./use-event-source";

export type SearchPhase = "idle" | "running" | "done" | "cancelled" | "failed";

export interface SearchStatus {
  phase: SearchPhase;
  connection: EventSourceConnection;
  plan?: SearchPlanEvent;
  progress?: SearchProgressEvent;
  done?: SearchDoneEvent;
  /** Why the search could not start (a refusal in JSON), or the last problem a shard reported. */
  error?: SearchErrorEvent;
}

const FLUSH_MS = 200;

interface RunState {
  url: string | null;
  plan?: SearchPlanEvent;
  progress?: SearchProgressEvent;
  done?: SearchDoneEvent;
  error?: SearchErrorEvent;
  failed?: boolean;
  cancelled?: boolean;
}

export function useSearch(url: string | null, max: number) {
  const limits = { maxRows: Math.max(1, max), maxParked: 0 };
  const [state, dispatch] = useReducer((s: TailState, a: TailAction) => tailReducer(s, a, limits), initialTailState);
  const [run, setRun] = useState<RunState>({ url });
  const buffer = useRef<RecordView[]>([]);
  const opened = useRef(false);

  const flush = useCallback(() => {
    if (buffer.current.length === 0) return;
    const records = buffer.current;
    buffer.current = [];
    dispatch({ type: "records", records });
  }, []);

  // A new URL is a new search (reset while rendering, as React advises for state that follows a prop).
  if (url !== run.url) {
    setRun({ url });
    dispatch({ type: "reset" });
  }
  const finished = run.url === url && (run.done !== undefined || run.cancelled === true || run.failed === true);
  const live = url && !finished ? url : null;

  useEffect(() => {
    buffer.current = [];
    opened.current = false;
    if (!live) return;
    const timer = setInterval(flush, FLUSH_MS);
    return () => clearInterval(timer);
  }, [live, flush]);

  const connection = useEventSource(live, {
    onOpen: () => {
      // A second open is the browser reconnecting: the server runs the search again from the start.
      if (opened.current) {
        buffer.current = [];
        dispatch({ type: "reset" });
        setRun((r) => ({ url: r.url }));
      }
      opened.current = true;
    },
    events: {
      plan: (raw) => {
        const plan = parse<SearchPlanEvent>(raw);
        if (plan) setRun((r) => ({ ...r, plan }));
      },
      records: (raw) => {
        const data = parse<SearchRecordsEvent>(raw);
        if (data) buffer.current.push(...data.records);
      },
      progress: (raw) => {
        const progress = parse<SearchProgressEvent>(raw);
        if (progress) setRun((r) => ({ ...r, progress }));
      },
      done: (raw) => {
        const done = parse<SearchDoneEvent>(raw);
        if (!done) return;
        flush();
        setRun((r) => ({ ...r, done }));
      },
      error: (raw) => {
        const error = parse<SearchErrorEvent>(raw);
        if (error) setRun((r) => ({ ...r, error }));
      },
    },
    onFailure: (failure) => {
      const error =
        failure.kind === "network"
          ? { code: "network", message: "Shardscope's server is not answering." }
          : (failure.error ?? { code: "internal", message: `The search failed with HTTP ${failure.status}.` });
      setRun((r) => ({ ...r, error, failed: true }));
    },
  });

  /** Stops the search: the connection closes, and the server stops reading. */
  const cancel = useCallback(() => {
    flush();
    setRun((r) => (r.done ? r : { ...r, cancelled: true }));
  }, [flush]);

  const phase: SearchPhase = !url ? "idle" : run.done ? "done" : run.cancelled ? "cancelled" : run.failed ? "failed" : "running";
  const status: SearchStatus = {
    phase,
    connection,
    plan: run.plan,
    progress: run.progress,
    done: run.done,
    error: run.error,
  };
  return { rows: state.rows, received: state.received, evicted: state.evicted, status, cancel };
}

function parse<T>(data: string): T | undefined {
  try {
    return JSON.parse(data) as T;
  } catch {
    return undefined;
  }
}
