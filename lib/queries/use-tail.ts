"use client";
// Live tail in the browser: one EventSource (useEventSource: it reconnects by itself and sends
// Last-Event-ID so the server resumes each shard exactly), records buffered in a ref and flushed to
// state a few times a second through the capped tail reducer, and everything closed on unmount.
// The server's counters travel with each records event and are applied in the same flush as the
// records they count, so what the page shows always adds up (see lib/tail/tail-reducer.ts).
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { ShardTailStats, TailCounters, TailDroppedEvent, TailErrorEvent, TailRecordsEvent, TailShardsEvent, TailStatsEvent } from "@/lib/tail/types";
import type { RecordView } from "@/lib/records/types";
import { initialTailState, tailReducer, type TailAction } from "@/lib/tail/tail-reducer";
import { useEventSource, type EventSourceConnection } from "./use-event-source";

export type TailConnection = EventSourceConnection;

export interface TailStatus {
  connection: TailConnection;
  /** Why the tail could not start, or the last problem a reader reported. */
  error?: { code: string; message: string; shardId?: string };
  shards: TailShardsEvent["shards"];
  stats: ShardTailStats[];
}

const FLUSH_MS = 200;

export function useTail(url: string | null) {
  const [state, dispatch] = useReducer((s: typeof initialTailState, a: TailAction) => tailReducer(s, a), initialTailState);
  const [status, setStatus] = useState<Omit<TailStatus, "connection">>({ shards: [], stats: [] });
  const buffer = useRef<RecordView[]>([]);
  /** The counters of the newest buffered records event. */
  const bufferCounters = useRef<TailCounters | undefined>(undefined);
  /** Records the server said it dropped, since the last flush. */
  const bufferDropped = useRef(0);
  const flushBuffer = useCallback(() => {
    if (buffer.current.length === 0 && bufferDropped.current === 0 && !bufferCounters.current) return;
    const records = buffer.current;
    const counters = bufferCounters.current;
    const dropped = bufferDropped.current;
    buffer.current = [];
    bufferCounters.current = undefined;
    bufferDropped.current = 0;
    dispatch({ type: "records", records, counters, dropped });
  }, []);

  // A new URL is a new tail: its rows and status start empty. (Reset while rendering, as React
  // advises for state that follows a prop; the buffer, a ref, is emptied by the effect below.)
  const [tailUrl, setTailUrl] = useState(url);
  if (url !== tailUrl) {
    setTailUrl(url);
    dispatch({ type: "reset" });
    setStatus({ shards: [], stats: [] });
  }

  useEffect(() => {
    buffer.current = [];
    bufferCounters.current = undefined;
    bufferDropped.current = 0;
    if (!url) return;
    const flush = setInterval(flushBuffer, FLUSH_MS);
    return () => clearInterval(flush);
  }, [url, flushBuffer]);

  const connection = useEventSource(url, {
    onOpen: () => {
      // A (re)connection is a new session on the server, counting from zero.
      flushBuffer();
      dispatch({ type: "reconnected" });
      setStatus((s) => ({ ...s, error: s.error?.code === "reconnecting" ? undefined : s.error }));
    },
    events: {
      records: (raw) => {
        const data = parse<TailRecordsEvent>(raw);
        if (!data) return;
        buffer.current.push(...data.records);
        if (data.counters) bufferCounters.current = data.counters;
      },
      shards: (raw) => {
        const data = parse<TailShardsEvent>(raw);
        if (data) setStatus((s) => ({ ...s, shards: data.shards }));
      },
      stats: (raw) => {
        const data = parse<TailStatsEvent>(raw);
        if (!data) return;
        // The counters are as of this event: the records sent before it are shown with them.
        flushBuffer();
        const { shards, ...counters } = data;
        if (typeof counters.queued === "number") dispatch({ type: "counters", counters });
        setStatus((s) => ({ ...s, stats: shards }));
      },
      dropped: (raw) => {
        const data = parse<TailDroppedEvent>(raw);
        // Applied with the records and counters that follow it, in the same flush.
        if (data) bufferDropped.current += data.count;
      },
      error: (raw) => {
        const data = parse<TailErrorEvent>(raw);
        if (data) setStatus((s) => ({ ...s, error: data }));
      },
    },
    onFailure: (failure) => {
      const error =
        failure.kind === "network"
          ? { code: "network", message: "Shardscope's server is not answering." }
          : (failure.error ?? { code: "internal", message: `The tail failed with HTTP ${failure.status}.` });
      setStatus((s) => ({ ...s, error }));
    },
  });

  const pause = useCallback(() => dispatch({ type: "pause" }), []);
  const resume = useCallback(() => dispatch({ type: "resume" }), []);
  const clear = useCallback(() => {
    flushBuffer();
    dispatch({ type: "clear" });
  }, [flushBuffer]);

  const full: TailStatus = { ...status, connection };
  return { state, status: full, pause, resume, clear };
}

function parse<T>(data: string): T | undefined {
  try {
    return JSON.parse(data) as T;
  } catch {
    return undefined;
  }
}
