// Query keys and hooks for CloudWatch metrics, alarms and the on-call screen.
// Not a client module: the on-call page prefetches with the same options on the server.
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { AlarmsResponse, MetricsResponse, MonitorResponse } from "@/lib/metrics/types";
import { apiBase, type ScopeRef } from "@/lib/targets/scope";
import { ApiError, fetchJson } from "./fetch-json";
import { STALE } from "./query-client";
import { useScope } from "./scope";
import { streamApi } from "./streams";

/** Auto-refresh choices, in seconds: the Metrics tab's and the on-call screen's. */
export const METRICS_REFRESH_CHOICES = [0, 30, 60, 300] as const;
export const MONITOR_REFRESH_CHOICES = [10, 30, 60, 300] as const;
export const DEFAULT_METRICS_REFRESH = 60;
export const DEFAULT_MONITOR_REFRESH = 30;

/**
 * A CloudWatch call refused because this server has CloudWatch turned off (its message says so and
 * is shown as is), as against CloudWatch being unreachable. Both come as `endpoint_unreachable`;
 * the server's body carries no other field to tell them apart, so the message's opening does.
 */
export function isCloudWatchDisabled(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === "endpoint_unreachable" && error.message.startsWith("CloudWatch is turned off");
}

export interface MetricsWindow {
  range: string;
  start?: string;
  end?: string;
  period?: string;
}

export interface MonitorParams {
  streams?: string;
  range?: string;
  ageWarn?: string;
  ageCrit?: string;
  throttleWarn?: string;
  throttleCrit?: string;
}

/** The on-call screen's query in its URL: the page's server prefetch and the board read it alike, so both build one key. */
export const MONITOR_PARAM_KEYS = ["streams", "range", "ageWarn", "ageCrit", "throttleWarn", "throttleCrit"] as const;

export function monitorParamsFrom(params: Pick<URLSearchParams, "get">): MonitorParams {
  const query: MonitorParams = {};
  for (const k of MONITOR_PARAM_KEYS) {
    const v = params.get(k);
    if (v) query[k] = v;
  }
  return query;
}

const scopeKey = (s: ScopeRef) => `${s.target}/${s.region}`;

export const metricsKeys = {
  all: ["metrics"] as const,
  stream: (s: ScopeRef, name: string, w: MetricsWindow) => [...metricsKeys.all, scopeKey(s), "stream", name, w] as const,
  alarms: (s: ScopeRef, name: string) => [...metricsKeys.all, scopeKey(s), "alarms", name] as const,
  monitor: (s: ScopeRef, p: MonitorParams) => [...metricsKeys.all, scopeKey(s), "monitor", p] as const,
};

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The page asks for shard-level data whenever the stream has it: one request, one GetMetricData call. */
export const streamMetricsUrl = (s: ScopeRef, name: string, w: MetricsWindow) => `${streamApi(s, name)}/metrics${query({ ...w, shards: "open" })}`;

export const streamMetricsOptions = (s: ScopeRef, name: string, w: MetricsWindow) =>
  queryOptions({
    queryKey: metricsKeys.stream(s, name, w),
    queryFn: ({ signal }) => fetchJson<MetricsResponse>(streamMetricsUrl(s, name, w), { signal }),
    staleTime: STALE.metrics,
  });

export const streamAlarmsOptions = (s: ScopeRef, name: string) =>
  queryOptions({
    queryKey: metricsKeys.alarms(s, name),
    queryFn: ({ signal }) => fetchJson<AlarmsResponse>(`${streamApi(s, name)}/alarms`, { signal }),
    staleTime: STALE.alarms,
  });

/** The wall of a scope; streams named `target:stream` come from other targets and regions. */
export const monitorOptions = (s: ScopeRef, p: MonitorParams) =>
  queryOptions({
    queryKey: metricsKeys.monitor(s, p),
    queryFn: ({ signal }) => fetchJson<MonitorResponse>(`${apiBase(s)}/monitor${query({ ...p })}`, { signal }),
    // Fresh for the shortest refresh interval: a page rendered with the wall in its HTML does not
    // ask again at once; the refresh interval and "Refresh now" ask regardless.
    staleTime: STALE.monitor,
    // A wall screen must say that a refresh failed, not retry quietly for half a minute.
    retry: false,
  });

const every = (seconds: number) => (seconds > 0 ? seconds * 1000 : false);

/** Keeps showing the previous window's charts while another range loads; `enabled: false` holds it back until the window is known. */
export const useStreamMetrics = (name: string, w: MetricsWindow, refreshSeconds: number, enabled = true) =>
  useQuery({ ...streamMetricsOptions(useScope(), name, w), refetchInterval: every(refreshSeconds), placeholderData: keepPreviousData, enabled });
export const useStreamAlarms = (name: string, refreshSeconds: number) =>
  useQuery({ ...streamAlarmsOptions(useScope(), name), refetchInterval: every(refreshSeconds) });
export const useMonitor = (p: MonitorParams, refreshSeconds: number) =>
  useQuery({ ...monitorOptions(useScope(), p), refetchInterval: every(refreshSeconds), refetchIntervalInBackground: true });
