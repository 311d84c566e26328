"use client";
// A stream's Metrics tab: CloudWatch charts for a time range with auto-refresh, the stream's
// alarms drawn as thresholds, live per-second metrics observed by Shardscope's own readers, and
// the per-shard view. A click on a point opens the record browser at that moment. Range and
// refresh live in the URL so a link reproduces the view.
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import type { MetricsResponse } from "@/lib/metrics/types";
import { CONSUMER_METRICS, STREAM_CHARTS, STREAM_METRICS, type ChartDef } from "@/lib/metrics/catalog";
import { comparisonSign, placeThreshold } from "@/lib/metrics/alarms";
import { defaultMetricsRange } from "@/lib/metrics/chart-axes";
import { firstPartialIndex } from "@/lib/metrics/completeness";
import { formatMetric } from "@/lib/metrics/format";
import { busiestShardAt } from "@/lib/metrics/shards";
import { ApiError } from "@/lib/queries/fetch-json";
import {
  DEFAULT_METRICS_REFRESH,
  isCloudWatchDisabled,
  METRICS_REFRESH_CHOICES,
  useStreamAlarms,
  useStreamMetrics,
  type MetricsWindow,
} from "@/lib/queries/metrics";
import { useShards, useStreamSummary } from "@/lib/queries/streams";
import { useUrlState } from "@/lib/queries/use-url-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { AlarmTable } from "./alarm-table";
import { LiveMetricsPanel } from "./live-metrics-panel";
import { MetricChart, type ChartSeries, type ChartStatus, type ChartThreshold } from "./metric-chart";
import { RangePicker } from "./range-picker";
import { ShardLevelOff, ShardUsageList } from "./shard-usage";
import { UpdatedAgo } from "./updated-ago";
import "./metrics.css";
import { SelectField } from "@/components/ui/select-field";
import { useScopedHref } from "@/lib/queries/scope";

const label = (metric: string, consumer?: string) => {
  const def = [...STREAM_METRICS, ...CONSUMER_METRICS].find((m) => m.name === metric);
  return consumer ? `${def?.label ?? metric}: ${consumer}` : (def?.label ?? metric);
};

function chartSeries(chart: ChartDef, data: MetricsResponse): ChartSeries[] {
  const byKey = new Map(data.series.map((s) => [s.key, s]));
  const out: ChartSeries[] = [];
  for (const m of chart.metrics) {
    const s = byKey.get(m);
    if (s) out.push({ key: s.key, label: label(m), values: s.values });
  }
  for (const s of data.series)
    if (s.consumer && chart.consumerMetrics.includes(s.metric)) out.push({ key: s.key, label: label(s.metric, s.consumer), values: s.values });
  return out;
}

function describeFailure(error: unknown): string {
  if (isCloudWatchDisabled(error)) return error.message;
  if (error instanceof ApiError && error.code === "endpoint_unreachable") return `CloudWatch is unreachable. ${error.message}`;
  return error instanceof Error ? error.message : "The metrics could not be loaded.";
}

export function MetricsView({ name }: { name: string }) {
  const href = useScopedHref();
  const router = useRouter();
  const [params, setParams] = useUrlState();
  // Without a range in the URL: 15 minutes for a stream younger than an hour (it has no more data),
  // else 1 hour; the query waits for the summary that says which.
  const summary = useStreamSummary(name);
  const [openedAt] = useState(() => Date.now());
  const defaultRange = defaultMetricsRange(summary.data?.createdAt, openedAt);
  const range = params.get("range") ?? defaultRange;
  const windowKnown = params.has("range") || !summary.isPending;
  const window: MetricsWindow = {
    range,
    start: range === "custom" ? (params.get("start") ?? undefined) : undefined,
    end: range === "custom" ? (params.get("end") ?? undefined) : undefined,
    period: params.get("period") ?? undefined,
  };
  const refreshParam = Number(params.get("refresh") ?? DEFAULT_METRICS_REFRESH);
  const refresh = (METRICS_REFRESH_CHOICES as readonly number[]).includes(refreshParam) ? refreshParam : DEFAULT_METRICS_REFRESH;

  const metrics = useStreamMetrics(name, window, refresh, windowKnown);
  const alarms = useStreamAlarms(name, refresh);
  const shards = useShards(name);
  const data = metrics.data;
  const error = metrics.error;

  // Stable across renders that do not change the data, so the memoized charts are not redrawn.
  const status: ChartStatus = useMemo(
    () =>
      !data && error
        ? { kind: "error", message: describeFailure(error) }
        : !data
          ? { kind: "loading" }
          : { kind: "ready", stale: error ? `Refresh failed (${describeFailure(error)}); showing the last data read.` : undefined },
    [data, error],
  );
  const timestamps = useMemo(() => data?.timestamps.map((t) => Date.parse(t)) ?? [], [data]);
  // Periods still filling when CloudWatch was read (a custom window in the past has none).
  const partialFrom = data ? firstPartialIndex(timestamps, data.period, Date.parse(data.fetchedAt)) : timestamps.length;
  const firstOpenShard = shards.data?.shards.find((s) => s.open)?.shardId ?? shards.data?.shards[0]?.shardId;

  const openRecords = useCallback(
    (shardId: string, at: number) => {
      const q = new URLSearchParams({ shard: shardId, from: "AT_TIMESTAMP", at: new Date(at).toISOString() });
      router.push(href(`/streams/${encodeURIComponent(name)}/records?${q.toString()}`));
    },
    [router, href, name],
  );
  /** A stream-level point opens the shard that took the most traffic then, else the first open shard. */
  const openStreamPoint = useCallback(
    (index: number, at: number) => {
      const shard = (data && busiestShardAt(data.shardLevel.shards, index)) ?? firstOpenShard;
      if (shard) openRecords(shard, at);
    },
    [data, firstOpenShard, openRecords],
  );

  const streamAlarms = alarms.data?.alarms;
  const charts = useMemo(
    () =>
      STREAM_CHARTS.map((chart) => {
        const drawn: ChartThreshold[] = [];
        const notes: string[] = [];
        for (const a of streamAlarms ?? []) {
          const p = data ? placeThreshold(a, chart, data.period) : undefined;
          if (!p) continue;
          if (p.drawn) drawn.push({ y: p.y, alarm: a.state === "ALARM", label: `${a.name} ${comparisonSign(a.comparison)} ${formatMetric(p.y, chart.unit)}` });
          else notes.push(`Alarm ${a.name} is not drawn: ${p.why}.`);
        }
        const footer =
          notes.length > 0 ? (
            <ul className="alarm-notes">
              {notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null;
        return { chart, series: data ? chartSeries(chart, data) : [], thresholds: drawn, footer };
      }),
    [data, streamAlarms],
  );

  return (
    <div>
      <div className="panel row align-end metrics-toolbar">
        <RangePicker
          value={window}
          onChange={(v) => setParams({ range: v.range === defaultRange ? undefined : v.range, start: v.start, end: v.end, period: undefined }, "push")}
        />
        <SelectField
          label="Auto-refresh"
          ariaLabel="Auto-refresh"
          value={refresh}
          options={METRICS_REFRESH_CHOICES}
          optionLabel={(s) => (s === 0 ? "off" : s < 60 ? `every ${s} s` : `every ${s / 60} min`)}
          onChange={(s) => setParams({ refresh: s === DEFAULT_METRICS_REFRESH ? undefined : String(s) })}
        />
        <button onClick={() => void Promise.all([metrics.refetch(), alarms.refetch()])} disabled={metrics.isFetching} data-testid="metrics-refresh">
          {metrics.isFetching ? "Refreshing…" : "Refresh"}
        </button>
        <span className="spacer" />
        <div className="small muted text-right" data-testid="cloudwatch-usage">
          {data ? (
            <>
              <div>
                {data.period / 60 >= 1 ? `${data.period / 60}-minute` : `${data.period}-second`} points ({data.periodReason}) · updated{" "}
                <UpdatedAgo answer={data} receivedAt={metrics.dataUpdatedAt} testId="metrics-updated" /> ago
                {metrics.isPlaceholderData ? " · loading the new range…" : ""}
              </div>
              <div>
                CloudWatch: <b data-testid="calls-last-minute">{data.usage.callsLastMinute}</b> API calls in the last minute by this server · this view:{" "}
                {data.usage.queries} metric queries,{" "}
                {data.usage.cached
                  ? "from the cache shared by all viewers"
                  : `${data.usage.getMetricDataCalls} GetMetricData call${data.usage.getMetricDataCalls === 1 ? "" : "s"}`}
              </div>
            </>
          ) : null}
        </div>
      </div>

      {metrics.error ? <ErrorPanel error={metrics.error} action="load CloudWatch metrics" /> : null}

      <section className="panel" aria-label="Alarms">
        <h2>CloudWatch alarms</h2>
        {alarms.error ? <ErrorPanel error={alarms.error} action="load alarms" /> : null}
        {alarms.isPending ? <p className="skeleton">Loading alarms…</p> : null}
        {alarms.data ? <AlarmTable alarms={alarms.data.alarms} /> : null}
      </section>

      <div className="charts-grid">
        {charts.map(({ chart, series, thresholds, footer }) => (
          <MetricChart
            key={chart.id}
            id={chart.id}
            title={chart.title}
            unit={chart.unit}
            timestamps={timestamps}
            series={series}
            thresholds={thresholds}
            status={status}
            partialFrom={partialFrom}
            onPointClick={firstOpenShard ? openStreamPoint : undefined}
            clickHint="Click to read the records from this moment"
            footer={footer}
          />
        ))}
      </div>

      {/* Beside CloudWatch's minute-level view: what Shardscope's own readers observe, per second. */}
      <LiveMetricsPanel stream={name} />

      <section className="panel" aria-label="Shards">
        <h2>Per shard</h2>
        {!data ? (
          status.kind === "error" ? (
            <p className="muted">{status.message}</p>
          ) : (
            <p className="skeleton">Loading…</p>
          )
        ) : data.shardLevel.viewMetrics.length === 0 ? (
          <ShardLevelOff enabled={data.shardLevel.enabledMetrics} />
        ) : (
          <ShardUsageList
            shards={data.shardLevel.shards}
            viewMetrics={data.shardLevel.viewMetrics}
            enabled={data.shardLevel.enabledMetrics}
            timestamps={timestamps}
            partialFrom={partialFrom}
            status={status}
            onOpen={openRecords}
          />
        )}
      </section>
    </div>
  );
}
