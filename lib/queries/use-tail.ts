"use client";
// Live tail in the browser: one EventSource (which reconnects by itself and sends Last-Event-ID so
// the server resumes each shard exactly), records buffered in a ref and flushed to state a few
// times a second through the capped tail reducer, and everything closed on unmount.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { ShardTailStats, TailDroppedEvent, TailErrorEvent, TailRecordsEvent, TailShardsEvent, TailStatsEvent } from "@/lib/tail/types";
import { isApiErrorBody } from "@/lib/http/errors";
import type { RecordView } from "@/lib/records/types";
import { initialTailState, tailReducer, type TailAction } from "@/lib/tail/tail-reducer";

export type TailConnection = "connecting" | "open" | "reconnecting" | "failed" | "idle";

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
  const [status, setStatus] = useState<TailStatus>({ connection: "idle", shards: [], stats: [], scanned: 0, matched: 0 });
  const buffer = useRef<RecordView[]>([]);

  useEffect(() => {
    dispatch({ type: "clear" });
    buffer.current = [];
    if (!url) {
      setStatus({ connection: "idle", shards: [], stats: [], scanned: 0, matched: 0 });
      return;
    }
    setStatus({ connection: "connecting", shards: [], stats: [], scanned: 0, matched: 0 });
    const source = new EventSource(url);
    const abort = new AbortController();

    const flush = setInterval(() => {
      if (buffer.current.length === 0) return;
      const records = buffer.current;
      buffer.current = [];
      dispatch({ type: "records", records });
    }, FLUSH_MS);

    const parse = <T,>(e: Event): T | undefined => {
      try {
        return JSON.parse((e as MessageEvent<string>).data) as T;
      } catch {
        return undefined;
      }
    };

    source.onopen = () => setStatus((s) => ({ ...s, connection: "open", error: s.error?.code === "reconnecting" ? undefined : s.error }));
    source.addEventListener("records", (e) => {
      const data = parse<TailRecordsEvent>(e);
      if (data) buffer.current.push(...data.records);
    });
    source.addEventListener("shards", (e) => {
      const data = parse<TailShardsEvent>(e);
      if (data) setStatus((s) => ({ ...s, shards: data.shards }));
    });
    source.addEventListener("stats", (e) => {
      const data = parse<TailStatsEvent>(e);
      if (data) setStatus((s) => ({ ...s, stats: data.shards, scanned: data.scanned, matched: data.matched }));
    });
    source.addEventListener("dropped", (e) => {
      const data = parse<TailDroppedEvent>(e);
      if (data) dispatch({ type: "dropped", count: data.count });
    });
    source.addEventListener("error", (e) => {
      // A server-sent `error` event carries data; a connection error does not.
      if (e instanceof MessageEvent && typeof e.data === "string" && e.data) {
        const data = parse<TailErrorEvent>(e);
        if (data) setStatus((s) => ({ ...s, error: data }));
        return;
      }
      if (source.readyState === EventSource.CONNECTING) {
        setStatus((s) => ({ ...s, connection: "reconnecting" }));
        return;
      }
      // Closed for good: the server refused the request. Ask it why, in JSON.
      setStatus((s) => ({ ...s, connection: "failed" }));
      fetch(url, { signal: abort.signal, headers: { accept: "application/json" } })
        .then(async (res) => {
          if (res.ok) {
            await res.body?.cancel();
            return;
          }
          const body: unknown = await res.json().catch(() => undefined);
          const error = isApiErrorBody(body) ? body.error : { code: "internal", message: `The tail failed with HTTP ${res.status}.` };
          setStatus((s) => ({ ...s, error }));
        })
        .catch(() => {
          if (!abort.signal.aborted) setStatus((s) => ({ ...s, error: { code: "network", message: "Shardscope's server is not answering." } }));
        });
    });

    return () => {
      source.close();
      abort.abort();
      clearInterval(flush);
    };
  }, [url]);

  const pause = useCallback(() => dispatch({ type: "pause" }), []);
  const resume = useCallback(() => dispatch({ type: "resume" }), []);
  const clear = useCallback(() => {
    buffer.current = [];
    dispatch({ type: "clear" });
  }, []);

  return { state, status, pause, resume, clear };
}
