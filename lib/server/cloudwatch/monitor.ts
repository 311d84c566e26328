import "server-only";
// The on-call screen's data: for each stream a tile with its health (alarms and thresholds on
// iterator age and throttling), a throughput sparkline and its open shard count, worst first.
// All streams share one plan — 7 queries a stream, so 70 streams cost one GetMetricData call —
// and one DescribeAlarms listing.
import type { MonitorResponse, MonitorTile } from "@/lib/metrics/types";
import { STREAM_METRICS } from "@/lib/metrics/catalog";
import { alarmsForStream } from "@/lib/metrics/alarms";
import { assessHealth, worstFirst, type HealthThresholds } from "@/lib/metrics/health";
import { choosePeriod, RANGES, timeline, type RangeKey, type Window } from "@/lib/metrics/period";
import { planQueries, type SeriesRequest } from "@/lib/metrics/queries";
import { allSeries, maxOf, sumOf, type Values } from "@/lib/metrics/series";
import { lastComplete } from "@/lib/metrics/completeness";
import { getConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import { openShardCount } from "@/lib/server/kinesis/open-shards";
import { listStreams } from "@/lib/server/kinesis/streams";
import { listAlarms } from "./alarms";
import { fetchMetricData } from "./get-metric-data";
import { cloudwatchUsage } from "./usage";

/** Health looks at the recent past only: a spike an hour ago that has passed is not an incident now. */
export const HEALTH_WINDOW_MINUTES = 15;

const TILE_METRICS = {
  incoming: "IncomingBytes",
  records: "IncomingRecords",
  age: "GetRecords.IteratorAgeMilliseconds",
  readThrottles: "ReadProvisionedThroughputExceeded",
  writeThrottles: "WriteProvisionedThroughputExceeded",
} as const;

export interface MonitorRequest {
  /** Undefined: every stream of the account (up to the configured maximum). */
  streams?: string[];
  range: RangeKey;
  /** Overrides of the configured thresholds. */
  thresholds: Partial<HealthThresholds>;
}

export function mergeThresholds(overrides: Partial<HealthThresholds>): HealthThresholds {
  const t = { ...getConfig().monitor.thresholds, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  if (t.iteratorAgeWarnMs > t.iteratorAgeCritMs) {
    throw new AppError(
      "invalid_input",
      `The iterator age warning (${t.iteratorAgeWarnMs / 1000} s) is above the critical threshold (${t.iteratorAgeCritMs / 1000} s).`,
    );
  }
  if (t.throttleWarn > t.throttleCrit) {
    throw new AppError("invalid_input", `The throttling warning (${t.throttleWarn}) is above the critical threshold (${t.throttleCrit}).`);
  }
  return t;
}

function errorTile(stream: string, error: AppError): MonitorTile {
  return {
    stream,
    error: { code: error.code, message: error.message },
    health: { state: "error", reasons: [error.message] },
    openShardCount: null,
    sparkline: [],
    incomingBytesPerSecond: null,
    incomingRecordsPerSecond: null,
    maxIteratorAgeMs: null,
    readThrottles: null,
    writeThrottles: null,
    alarms: [],
  };
}

export async function getMonitor(req: MonitorRequest, now = Date.now()): Promise<MonitorResponse> {
  const config = getConfig();
  const thresholds = mergeThresholds(req.thresholds);
  let names = req.streams ?? (await listStreams()).map((s) => s.name).sort((a, b) => a.localeCompare(b));
  const omitted = Math.max(0, names.length - config.monitor.maxStreams);
  names = names.slice(0, config.monitor.maxStreams);

  // A stream that cannot be read gets an error tile; the others still show.
  const shardCounts = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, count: await openShardCount(name) };
      } catch (e) {
        if (e instanceof AppError && (e.code === "not_found" || e.code === "access_denied")) return { name, error: e };
        throw e;
      }
    }),
  );
  const readable = shardCounts.filter((s) => s.error === undefined).map((s) => s.name);

  const metric = (name: string) => STREAM_METRICS.find((m) => m.name === name)!;
  const requests: SeriesRequest[] = readable.flatMap((stream, i) =>
    Object.entries(TILE_METRICS).map(([role, name]) => ({ key: `${i}/${role}`, metric: metric(name), dimensions: { StreamName: stream } })),
  );
  const rangeSeconds = RANGES[req.range];
  const { period } = choosePeriod({ rangeSeconds, startAgeSeconds: rangeSeconds, queryCount: planQueries(requests, 60).queryCount });
  const p = period * 1000;
  const end = Math.ceil(now / p) * p;
  const window: Window = { start: end - Math.ceil((rangeSeconds * 1000) / p) * p, end, period };
  const plan = planQueries(requests, period);

  const [answer, alarmList] = await Promise.all([fetchMetricData(plan, window), listAlarms()]);
  const values = allSeries(plan, answer.results, window);
  const recentSlots = Math.max(1, Math.ceil((HEALTH_WINDOW_MINUTES * 60) / period));
  const recent = (v: Values) => v.slice(-recentSlots);
  const slots = timeline(window);
  // The response's fetchedAt: the browser marks partial sparkline points from it by the same rule.
  const fetchedAt = Math.min(answer.fetchedAt, alarmList.fetchedAt);

  const tiles: MonitorTile[] = shardCounts.map((s) => {
    if (s.error) return errorTile(s.name, s.error);
    const i = readable.indexOf(s.name);
    const get = (role: keyof typeof TILE_METRICS) => values.get(`${i}/${role}`) ?? [];
    const incoming = get("incoming");
    const maxIteratorAgeMs = maxOf(recent(get("age")));
    const readThrottles = sumOf(recent(get("readThrottles")));
    const writeThrottles = sumOf(recent(get("writeThrottles")));
    const alarms = alarmsForStream(alarmList.alarms, s.name).map((a) => ({ name: a.name, state: a.state }));
    const hasData = (Object.keys(TILE_METRICS) as (keyof typeof TILE_METRICS)[]).some((role) => get(role).some((v) => v !== null));
    const throttles = readThrottles === null && writeThrottles === null ? null : (readThrottles ?? 0) + (writeThrottles ?? 0);
    return {
      stream: s.name,
      health: assessHealth({ alarms, maxIteratorAgeMs, throttles, hasData }, thresholds),
      openShardCount: s.count ?? null,
      sparkline: incoming,
      // The last complete period as of the moment CloudWatch was read: the running one is still filling.
      incomingBytesPerSecond: lastComplete(incoming, slots, period, fetchedAt)?.value ?? null,
      incomingRecordsPerSecond: lastComplete(get("records"), slots, period, fetchedAt)?.value ?? null,
      maxIteratorAgeMs,
      readThrottles,
      writeThrottles,
      alarms,
    };
  });

  const usage = cloudwatchUsage().snapshot();
  return {
    tiles: worstFirst(tiles),
    timestamps: slots.map((t) => new Date(t).toISOString()),
    period,
    healthWindowMinutes: Math.min(HEALTH_WINDOW_MINUTES, rangeSeconds / 60),
    thresholds,
    usage: {
      getMetricDataCalls: answer.calls,
      describeAlarmsCalls: alarmList.calls,
      queries: plan.queryCount,
      cached: answer.cached,
      callsLastMinute: usage.callsLastMinute,
      getMetricDataCallsLastMinute: usage.byOperationLastMinute.GetMetricData,
    },
    fetchedAt: new Date(fetchedAt).toISOString(),
    generatedAt: new Date().toISOString(),
    omitted,
  };
}
