import "server-only";
// A stream's Metrics tab in one answer: every stream-level chart, the enhanced fan-out series of
// each consumer and, when shard-level monitoring is on, each shard against its limits — all from
// one plan, so a page refresh costs ⌈queries/500⌉ GetMetricData calls (one for a 50-shard stream).
import type { MetricSeries, MetricsResponse, ShardMetrics } from "@/lib/metrics/types";
import { MAX_SHARDS_PER_REQUEST, type ShardSelection } from "@/lib/metrics/metrics-query";
import { CONSUMER_METRICS, SHARD_METRICS, SHARD_VIEW_METRICS, STREAM_METRICS, parseSeriesKey, seriesKey, type ShardViewMetric } from "@/lib/metrics/catalog";
import { alignWindow, checkRequestedPeriod, choosePeriod, RANGES, timeline, type RangeKey, type Window } from "@/lib/metrics/period";
import { planQueries, type SeriesRequest } from "@/lib/metrics/queries";
import { allSeries } from "@/lib/metrics/series";
import { rankShards, shardUsage } from "@/lib/metrics/shards";
import { AppError } from "@/lib/server/errors";
import { listConsumerNames } from "@/lib/server/kinesis/consumers";
import { listShards } from "@/lib/server/kinesis/shards";
import { describeStream } from "@/lib/server/kinesis/streams";
import type { Scope } from "@/lib/server/targets/scope";
import { fetchMetricData } from "./get-metric-data";
import { cloudwatchUsage } from "./usage";

export interface StreamMetricsRequest {
  stream: string;
  range: RangeKey | "custom";
  start?: Date;
  end?: Date;
  period?: number;
  shards: ShardSelection;
}

/** The window for a preset range ending now, or a custom one; the period chosen or checked. */
export function resolveWindow(
  req: Pick<StreamMetricsRequest, "range" | "start" | "end" | "period">,
  queryCount: number,
  now: number,
): { window: Window; reason: string } {
  const endMs = req.range === "custom" ? (req.end?.getTime() ?? now) : now;
  const startMs = req.range === "custom" ? (req.start?.getTime() ?? now - 3600_000) : now - RANGES[req.range] * 1000;
  const rangeSeconds = Math.max(60, (endMs - startMs) / 1000);
  const startAgeSeconds = Math.max(0, (now - startMs) / 1000);
  let period: number;
  let reason: string;
  if (req.period !== undefined) {
    const problem = checkRequestedPeriod(req.period, rangeSeconds, startAgeSeconds);
    if (problem) throw new AppError("invalid_input", problem);
    period = req.period;
    reason = "as requested";
  } else {
    ({ period, reason } = choosePeriod({ rangeSeconds, startAgeSeconds, queryCount }));
  }
  if (req.range !== "custom") {
    // A preset range is exactly range/period points ending with the current period.
    const p = period * 1000;
    const end = Math.ceil(now / p) * p;
    return { window: { start: end - Math.ceil((RANGES[req.range] * 1000) / p) * p, end, period }, reason };
  }
  return { window: alignWindow(startMs, endMs, period), reason };
}

export async function getStreamMetrics(scope: Scope, req: StreamMetricsRequest, now = Date.now()): Promise<MetricsResponse> {
  const summary = await describeStream(scope, req.stream);
  const enabled = summary.enhancedMonitoring.includes("ALL") ? SHARD_METRICS.map((m) => m.name) : summary.enhancedMonitoring;
  const viewMetrics = SHARD_VIEW_METRICS.filter((m) => enabled.includes(m));

  // Without permission to list consumers the fan-out series are left out, not the whole page.
  let consumers: string[] = [];
  try {
    consumers = summary.arn ? await listConsumerNames(scope, summary.arn) : [];
  } catch (e) {
    if (!(e instanceof AppError) || (e.code !== "access_denied" && e.code !== "not_found")) throw e;
  }

  let shards: { shardId: string; open: boolean }[] = [];
  if (req.shards.kind !== "none" && viewMetrics.length > 0) {
    const all = await listShards(scope, req.stream);
    if (req.shards.kind === "open") shards = all.filter((s) => s.open);
    else if (req.shards.kind === "all") shards = all;
    else {
      const wanted = new Set(req.shards.ids);
      shards = all.filter((s) => wanted.has(s.shardId));
      const unknown = req.shards.ids.filter((id) => !all.some((s) => s.shardId === id));
      if (unknown.length > 0) throw new AppError("not_found", `Stream ${req.stream} has no shard ${unknown.slice(0, 3).join(", ")}.`);
    }
  }

  if (shards.length > MAX_SHARDS_PER_REQUEST) {
    throw new AppError(
      "invalid_input",
      `Stream ${req.stream} has ${shards.length} ${req.shards.kind === "open" ? "open " : ""}shards; the per-shard view reads at most ${MAX_SHARDS_PER_REQUEST} at once. Name the shards with shards=id1,id2,…`,
    );
  }

  const streamDims = { StreamName: req.stream };
  const requests: SeriesRequest[] = [
    ...STREAM_METRICS.map((m) => ({ key: seriesKey(m.name), metric: m, dimensions: streamDims })),
    ...consumers.flatMap((c) => CONSUMER_METRICS.map((m) => ({ key: seriesKey(m.name, c), metric: m, dimensions: { ...streamDims, ConsumerName: c } }))),
    ...shards.flatMap((s) =>
      viewMetrics.map((name) => ({
        key: `${s.shardId}/${name}`,
        metric: SHARD_METRICS.find((m) => m.name === name)!,
        dimensions: { ...streamDims, ShardId: s.shardId },
      })),
    ),
  ];

  const { window, reason } = resolveWindow(req, planQueries(requests, 60).queryCount, now);
  const plan = planQueries(requests, window.period);
  const answer = await fetchMetricData(scope, plan, window);
  const values = allSeries(plan, answer.results, window);

  const statOf = new Map([...STREAM_METRICS, ...CONSUMER_METRICS].map((m) => [m.name, m]));
  const series: MetricSeries[] = plan.series
    .filter((s) => !s.key.includes("/"))
    .map((s) => {
      const { metric, consumer } = parseSeriesKey(s.key);
      return { key: s.key, metric, consumer, statistic: statOf.get(metric)?.statistic ?? "Sum", display: s.display, values: values.get(s.key) ?? [] };
    });

  const shardMetrics: ShardMetrics[] = rankShards(
    shards.map((s) => {
      const perMetric: Partial<Record<ShardViewMetric, (number | null)[]>> = {};
      for (const m of viewMetrics) perMetric[m] = values.get(`${s.shardId}/${m}`) ?? [];
      return shardUsage(s.shardId, s.open, perMetric);
    }),
  );

  const usage = cloudwatchUsage(scope).snapshot();
  return {
    stream: req.stream,
    start: new Date(window.start).toISOString(),
    end: new Date(window.end).toISOString(),
    period: window.period,
    periodReason: reason,
    timestamps: timeline(window).map((t) => new Date(t).toISOString()),
    series,
    shardLevel: { enabledMetrics: enabled, viewMetrics, shards: shardMetrics },
    usage: {
      getMetricDataCalls: answer.calls,
      queries: plan.queryCount,
      cached: answer.cached,
      callsLastMinute: usage.callsLastMinute,
      getMetricDataCallsLastMinute: usage.byOperationLastMinute.GetMetricData,
    },
    fetchedAt: new Date(answer.fetchedAt).toISOString(),
    generatedAt: new Date().toISOString(),
  };
}
