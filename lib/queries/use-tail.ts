"use client";
// Live tail in the browser: one EventSource (useEventSource: it reconnects by itself and sends
// Last-Event-ID so the server resumes each shard exactly), records buffered in a ref and flushed to
// state a few times a second through the capped tail reducer, and everything closed on unmount.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { ShardTailStats, TailDroppedEvent, TailErrorEvent, TailRecordsEvent, TailShardsEvent, TailStatsEvent } from "@/lib/tail/types";
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
  scanned: number;
  matched: number;
}

const FLUSH_MS = 200;

export function useTail(url: string | null) {
  const [state, dispatch] = useReducer((s: typeof initialTailState, a: TailAction) => tailReducer(s, a), initialTailState);
  const [status, setStatus] = useState<Omit<TailStatus, "connection">>({ shards: [], stats: [], scanned: 0, matched: 0 });
  const buffer = useRef<RecordView[]>([]);

  // A new URL is a new tail: its rows and status start empty. (Reset while rendering, as React
  // advises for state that follows a prop; the buffer, a ref, is emptied by the effect below.)
  const [tailUrl, setTailUrl] = useState(url);
  if (url !== tailUrl) {
    setTailUrl(url);
    dispatch({ type: "clear" });
    setStatus({ shards: [], stats: [], scanned: 0, matched: 0 });
  }

  useEffect(() => {
    buffer.current = [];
    if (!url) return;
    const flush = setInterval(() => {
      if (buffer.current.length === 0) return;
      const records = buffer.current;
      buffer.current = [];
      dispatch({ type: "records", records });
    }, FLUSH_MS);
    return () => clearInterval(flush);
  }, [url]);

  const connection = useEventSource(url, {
    onOpen: () => setStatus((s) => ({ ...s, error: s.error?.code === "reconnecting" ? undefined : s.error })),
    events: {
      records: (raw) => {
        const data = parse<TailRecordsEvent>(raw);
        if (data) buffer.current.push(...data.records);
      },
      shards: (raw) => {
        const data = parse<TailShardsEvent>(raw);
        if (data) setStatus((s) => ({ ...s, shards: data.shards }));
      },
      stats: (raw) => {
        const data = parse<TailStatsEvent>(raw);
        if (data) setStatus((s) => ({ ...s, stats: data.shards, scanned: data.scanned, matched: data.matched }));
      },
      dropped: (raw) => {
        const data = parse<TailDroppedEvent>(raw);
        if (data) dispatch({ type: "dropped", count: data.count });
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
    buffer.current = [];
    dispatch({ type: "clear" });
  }, []);

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
