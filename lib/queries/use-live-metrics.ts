"use client";
// Live metrics from Shardscope's own shard readers: a stats-only tail (no records travel) that
// joins whatever readers already run for the stream, so sampling adds no GetRecords calls when a
// tail is open.
import { useState } from "react";
import type { ShardTailStats, TailErrorEvent, TailStatsEvent } from "@/lib/tail/types";
import { useScope } from "./scope";
import { streamApi } from "./streams";
import { useEventSource, type EventSourceConnection } from "./use-event-source";

export interface LiveMetricsState {
  connection: EventSourceConnection;
  stats: ShardTailStats[];
  error?: string;
  updatedAt?: number;
}

export function useLiveMetrics(stream: string, active: boolean): LiveMetricsState {
  const [state, setState] = useState<Omit<LiveMetricsState, "connection">>({ stats: [] });
  const scope = useScope();
  const url = active ? `${streamApi(scope, stream)}/tail?mode=stats` : null;
  // A new session starts empty; stopping keeps the last figures on screen. (Reset while rendering,
  // as React advises for state that follows a prop, not in an effect after a stale render.)
  const [sessionUrl, setSessionUrl] = useState(url);
  if (url !== sessionUrl) {
    setSessionUrl(url);
    if (url) setState({ stats: [] });
  }
  const connection = useEventSource(url, {
    events: {
      stats: (raw) => {
        try {
          const data = JSON.parse(raw) as TailStatsEvent;
          setState((s) => ({ ...s, stats: data.shards, updatedAt: Date.now() }));
        } catch {
          /* a malformed event is skipped; the next one comes in a second */
        }
      },
      error: (raw) => {
        try {
          const data = JSON.parse(raw) as TailErrorEvent;
          setState((s) => ({ ...s, error: data.message }));
        } catch {
          /* ignored */
        }
      },
    },
    onFailure: (failure) => {
      if (failure.kind === "refused" && failure.error) {
        const message = failure.error.message;
        setState((s) => ({ ...s, error: message }));
      }
    },
  });
  return { ...state, connection };
}
