// Query defaults in one place: named stale times, and retries only for transient errors.
import { QueryClient } from "@tanstack/react-query";
import { isTransient } from "./fetch-json";

export const STALE = {
  /** The stream list changes rarely; the server shares it between viewers for a few seconds. */
  streamList: 10_000,
  streamSummary: 30_000,
  shards: 10_000,
  /** A page of records never changes once read. */
  records: Infinity,
  target: 60_000,
  /** CloudWatch answers are shared server-side for SHARDSCOPE_METRICS_TTL_SECONDS; refetch on the page's own schedule. */
  metrics: 15_000,
  alarms: 15_000,
  /** The on-call answer: its shortest refresh interval (MONITOR_REFRESH_CHOICES). */
  monitor: 10_000,
} as const;

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => isTransient(error) && failureCount < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}
