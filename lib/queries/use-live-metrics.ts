"use client";
// Live metrics from Shardscope's own shard readers: a stats-only tail (no records travel) that
// joins whatever readers already run for the stream, so sampling adds no GetRecords calls when a
// tail is open.
import { useEffect, useState } from "react";
import type { ShardTailStats, TailErrorEvent, TailStatsEvent } from "@/lib/tail/types";
import { isApiErrorBody } from "@/lib/http/errors";

export interface LiveMetricsState {
  connection: "idle" | "connecting" | "open" | "reconnecting" | "failed";
  stats: ShardTailStats[];
  error?: string;
  updatedAt?: number;
}

export function useLiveMetrics(stream: string, active: boolean): LiveMetricsState {
  const [state, setState] = useState<LiveMetricsState>({ connection: "idle", stats: [] });
  useEffect(() => {
    if (!active) {
      setState((s) => ({ ...s, connection: "idle" }));
      return;
    }
    const url = `/api/streams/${encodeURIComponent(stream)}/tail?mode=stats`;
    setState({ connection: "connecting", stats: [] });
    const source = new EventSource(url);
    const abort = new AbortController();
    source.onopen = () => setState((s) => ({ ...s, connection: "open" }));
    source.addEventListener("stats", (e) => {
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as TailStatsEvent;
        setState((s) => ({ ...s, connection: "open", stats: data.shards, updatedAt: Date.now() }));
      } catch {
        /* a malformed event is skipped; the next one comes in a second */
      }
    });
    source.addEventListener("error", (e) => {
      if (e instanceof MessageEvent && typeof e.data === "string" && e.data) {
        try {
          const data = JSON.parse(e.data) as TailErrorEvent;
          setState((s) => ({ ...s, error: data.message }));
        } catch {
          /* ignored */
        }
        return;
      }
      if (source.readyState === EventSource.CONNECTING) {
        setState((s) => ({ ...s, connection: "reconnecting" }));
        return;
      }
      setState((s) => ({ ...s, connection: "failed" }));
      fetch(url, { signal: abort.signal })
        .then(async (res) => {
          const body: unknown = await res.json().catch(() => undefined);
          if (isApiErrorBody(body)) setState((s) => ({ ...s, error: body.error.message }));
        })
        .catch(() => undefined);
    });
    return () => {
      source.close();
      abort.abort();
    };
  }, [stream, active]);
  return state;
}
