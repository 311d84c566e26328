import "server-only";
// The lag AWS publishes for a consumer, read from CloudWatch through the shared metrics plumbing
// (one GetMetricData plan for every consumer of a source, cached per scope): the latest minute
// of the last 15 with a data point, Maximum statistic, and every minute of the last hour as the
// consumer's lag history (so a chart has history as soon as it opens). A source whose CloudWatch
// read fails still lists its consumers, with the lag unknown and why.
import { alignWindow } from "@/lib/metrics/period";
import { planQueries, type SeriesRequest } from "@/lib/metrics/queries";
import type { LagHistory } from "@/lib/consumers/types";
import { timeline } from "@/lib/metrics/period";
import { allSeries, lastOf } from "@/lib/metrics/series";
import { fetchMetricData } from "@/lib/server/cloudwatch/get-metric-data";
import { AppError } from "@/lib/server/errors";
import type { Scope } from "@/lib/server/targets/scope";
import type { UsageTally } from "./source";
import { log } from "@/lib/server/ops/log";

/** How far back a lag may have been published and still count as current. */
export const LAG_WINDOW_MINUTES = 15;
/** How far back the history goes. */
export const LAG_HISTORY_MINUTES = 60;

export interface LagQuery {
  /** The caller's key for the answer. */
  key: string;
  namespace: string;
  metricName: string;
  /** In the order AWS publishes them (moto matches dimension lists in order). */
  dimensions: Record<string, string>;
}

export interface LagAnswer {
  /** Milliseconds by key; a key without data in the window is absent. */
  lag: Map<string, number>;
  /** Every minute with a data point in the last hour, by key; a key without any is absent. */
  history: Map<string, LagHistory>;
  /** Set when CloudWatch could not be read: the message, for the rows' reasons. */
  error?: string;
}

export async function readLags(scope: Scope, queries: readonly LagQuery[], usage: UsageTally, now = Date.now()): Promise<LagAnswer> {
  if (queries.length === 0) return { lag: new Map(), history: new Map() };
  const requests: SeriesRequest[] = queries.map((q) => ({
    key: q.key,
    namespace: q.namespace,
    metric: { name: q.metricName, statistic: "Maximum", display: "value", cloudwatchUnit: "Milliseconds" },
    dimensions: q.dimensions,
  }));
  const period = 60;
  const window = alignWindow(now - LAG_HISTORY_MINUTES * 60_000, now, period);
  const slots = timeline(window);
  /** The first slot that still counts as current. */
  const current = slots.findIndex((t) => t >= now - LAG_WINDOW_MINUTES * 60_000);
  const plan = planQueries(requests, period);
  try {
    const answer = await fetchMetricData(scope, plan, window);
    usage.otherCalls += answer.calls;
    const lag = new Map<string, number>();
    const history = new Map<string, LagHistory>();
    for (const [key, values] of allSeries(plan, answer.results, window)) {
      const v = lastOf(current < 0 ? [] : values.slice(current));
      if (v !== null) lag.set(key, Math.max(0, Math.round(v)));
      const points = values.flatMap((value, i) =>
        value === null ? [] : [{ at: new Date(slots[i]!).toISOString(), lagMillis: Math.max(0, Math.round(value)) }],
      );
      if (points.length > 0) history.set(key, { source: "cloudwatch", points });
    }
    return { lag, history };
  } catch (e) {
    const message = e instanceof AppError ? e.message : "CloudWatch could not be read";
    if (!(e instanceof AppError)) log().error({ err: e }, "consumers: reading lag from CloudWatch failed");
    return { lag: new Map(), history: new Map(), error: message };
  }
}

/** A row's `lagHistory` from CloudWatch's answer, or nothing. */
export const historyOf = (history: LagHistory | undefined): { lagHistory?: LagHistory } => (history ? { lagHistory: history } : {});
