// Query keys and hooks for CloudWatch metrics, alarms and the on-call screen.
"use client";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { AlarmsResponse, MetricsResponse, MonitorResponse } from "@/lib/metrics/types";
import { ApiError, fetchJson } from "./fetch-json";
import { STALE } from "./query-client";

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

export const metricsKeys = {
  all: ["metrics"] as const,
  stream: (name: string, w: MetricsWindow) => [...metricsKeys.all, "stream", name, w] as const,
  alarms: (name: string) => [...metricsKeys.all, "alarms", name] as const,
  monitor: (p: MonitorParams) => [...metricsKeys.all, "monitor", p] as const,
};

const api = (name: string) => `/api/streams/${encodeURIComponent(name)}`;

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The page asks for shard-level data whenever the stream has it: one request, one GetMetricData call. */
export const streamMetricsUrl = (name: string, w: MetricsWindow) => `${api(name)}/metrics${query({ ...w, shards: "open" })}`;

export const streamMetricsOptions = (name: string, w: MetricsWindow) =>
  queryOptions({
    queryKey: metricsKeys.stream(name, w),
    queryFn: ({ signal }) => fetchJson<MetricsResponse>(streamMetricsUrl(name, w), { signal }),
    staleTime: STALE.metrics,
  });

export const streamAlarmsOptions = (name: string) =>
  queryOptions({
    queryKey: metricsKeys.alarms(name),
    queryFn: ({ signal }) => fetchJson<AlarmsResponse>(`${api(name)}/alarms`, { signal }),
    staleTime: STALE.alarms,
  });

export const monitorOptions = (p: MonitorParams) =>
  queryOptions({
    queryKey: metricsKeys.monitor(p),
    queryFn: ({ signal }) => fetchJson<MonitorResponse>(`/api/monitor${query({ ...p })}`, { signal }),
    staleTime: 0,
    // A wall screen must say that a refresh failed, not retry quietly for half a minute.
    retry: false,
  });

const every = (seconds: number) => (seconds > 0 ? seconds * 1000 : false);

/** Keeps showing the previous window's charts while another range loads; `enabled: false` holds it back until the window is known. */
export const useStreamMetrics = (name: string, w: MetricsWindow, refreshSeconds: number, enabled = true) =>
  useQuery({ ...streamMetricsOptions(name, w), refetchInterval: every(refreshSeconds), placeholderData: keepPreviousData, enabled });
export const useStreamAlarms = (name: string, refreshSeconds: number) => useQuery({ ...streamAlarmsOptions(name), refetchInterval: every(refreshSeconds) });
export const useMonitor = (p: MonitorParams, refreshSeconds: number) =>
  useQuery({ ...monitorOptions(p), refetchInterval: every(refreshSeconds), refetchIntervalInBackground: true });
