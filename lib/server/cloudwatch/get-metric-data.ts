import "server-only";
// Runs planned queries with GetMetricData: at most 500 queries per call (⌈queries/500⌉ calls),
// following NextToken when a call's data points overflow, behind a short-lived cache shared by
// every viewer of one scope (target and region), so N viewers of the same window cost one set of calls.
import { createHash } from "node:crypto";
import { GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import type { Window } from "@/lib/metrics/period";
import { batchQueries, planSignature, type MetricQuery, type QueryPlan } from "@/lib/metrics/queries";
import type { RawResult } from "@/lib/metrics/series";
import { cloudwatchClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import type { Scope } from "@/lib/server/targets/scope";
import { TtlCache } from "@/lib/server/util/ttl-cache";
import { assertCloudWatchEnabled, attemptsOf, cloudwatchError } from "./errors";
import { cloudwatchUsage } from "./usage";

/** A runaway paging loop must end; 20 pages of 100,800 points is far beyond any view of ours. */
const MAX_PAGES_PER_BATCH = 20;
const CALL_TIMEOUT_MS = 15_000;

export interface MetricDataAnswer {
  results: Map<string, RawResult>;
  /** Epoch ms when CloudWatch was asked. */
  fetchedAt: number;
  /** GetMetricData calls this answer cost this request: 0 when it came from the cache. */
  calls: number;
  cached: boolean;
}

function toSdkQuery(q: MetricQuery): MetricDataQuery {
  if (q.kind === "math") return { Id: q.id, Expression: q.expression, Label: q.label, ReturnData: true };
  return {
    Id: q.id,
    MetricStat: {
      Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: q.dimensions.map((d) => ({ Name: d.name, Value: d.value })) },
      Period: q.period,
      Stat: q.stat,
    },
    ReturnData: true,
  };
}

async function runBatch(scope: Scope, batch: MetricQuery[], w: Window, into: Map<string, RawResult>): Promise<number> {
  let calls = 0;
  let nextToken: string | undefined;
  const queries = batch.map(toSdkQuery);
  for (let page = 0; page < MAX_PAGES_PER_BATCH; page++) {
    let out;
    try {
      out = await cloudwatchClient(scope).send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(w.start),
          EndTime: new Date(w.end),
          ScanBy: "TimestampAscending",
          NextToken: nextToken,
        }),
        { abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) },
      );
    } catch (e) {
      cloudwatchUsage(scope).record("GetMetricData", attemptsOf(e));
      throw cloudwatchError(scope, e);
    }
    const attempts = attemptsOf(out);
    cloudwatchUsage(scope).record("GetMetricData", attempts);
    calls += attempts;
    for (const r of out.MetricDataResults ?? []) {
      if (!r.Id) continue;
      const acc = into.get(r.Id) ?? { timestamps: [], values: [] };
      (r.Timestamps ?? []).forEach((t, i) => {
        const v = r.Values?.[i];
        if (v === undefined) return;
        acc.timestamps.push(new Date(t).getTime());
        acc.values.push(v);
      });
      into.set(r.Id, acc);
    }
    nextToken = out.NextToken;
    if (!nextToken) break;
  }
  return calls;
}

/** Calls GetMetricData for a plan, uncached. */
export async function getMetricData(scope: Scope, plan: QueryPlan, w: Window): Promise<{ results: Map<string, RawResult>; calls: number }> {
  assertCloudWatchEnabled();
  const results = new Map<string, RawResult>();
  const batches = batchQueries(plan.groups);
  // Calls of one answer run side by side; there are few (⌈queries/500⌉).
  const calls = await Promise.all(batches.map((b) => runBatch(scope, b, w, results)));
  return { results, calls: calls.reduce((a, b) => a + b, 0) };
}

interface CachedAnswer {
  results: Map<string, RawResult>;
  fetchedAt: number;
  calls: number;
}

const cache = (scope: Scope) => scope.state("metricData", () => new TtlCache<CachedAnswer>(getConfig().metricsTtlMs, 500));

/** GetMetricData through the shared cache: one answer per (window, queries) for all viewers. */
export async function fetchMetricData(scope: Scope, plan: QueryPlan, w: Window): Promise<MetricDataAnswer> {
  if (plan.queryCount === 0) return { results: new Map(), fetchedAt: Date.now(), calls: 0, cached: false };
  const key = createHash("sha256")
    .update(`${w.start}|${w.end}|${w.period}|${planSignature(plan)}`)
    .digest("base64url");
  let loaded = false;
  const answer = await cache(scope).get(key, async () => {
    loaded = true;
    const fetchedAt = Date.now();
    const { results, calls } = await getMetricData(scope, plan, w);
    return { results, fetchedAt, calls };
  });
  cloudwatchUsage(scope).cacheLookup(!loaded);
  return { results: answer.results, fetchedAt: answer.fetchedAt, calls: loaded ? answer.calls : 0, cached: !loaded };
}

/** Drops every cached answer (tests; nothing else needs to). */
export function forgetCachedMetricData(scope: Scope): void {
  cache(scope).clear();
}
