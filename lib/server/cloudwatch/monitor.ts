import "server-only";
// The on-call screen's data: for each stream a tile with its health (alarms and thresholds on
// iterator age and throttling), a throughput sparkline and its open shard count, worst first.
// The streams of one scope (target and region) share one plan — 7 queries a stream, so 70 streams
// cost one GetMetricData call — and one DescribeAlarms listing; streams of other targets and
// regions are read through their own scopes, on one time axis.
import type { MonitorResponse, MonitorTile, WorstConsumer } from "@/lib/metrics/types";
import type { AllConsumersResponse } from "@/lib/consumers/types";
import { STREAM_METRICS } from "@/lib/metrics/catalog";
import { alarmsForStream } from "@/lib/metrics/alarms";
import { assessHealth, withWorstConsumer, worstFirst, type HealthThresholds } from "@/lib/metrics/health";
import { choosePeriod, RANGES, timeline, type RangeKey, type Window } from "@/lib/metrics/period";
import { planQueries, type SeriesRequest } from "@/lib/metrics/queries";
import { allSeries, maxOf, sumOf, type Values } from "@/lib/metrics/series";
import { lastComplete } from "@/lib/metrics/completeness";
import type { MonitorQuery } from "@/lib/metrics/metrics-query";
import { getConfig } from "@/lib/server/config";
import { allConsumers } from "@/lib/server/consumers/consumers-service";
import { AppError } from "@/lib/server/errors";
import { openShardCount } from "@/lib/server/kinesis/open-shards";
import { listStreams } from "@/lib/server/kinesis/streams";
import { getTargetStatus } from "@/lib/server/target";
import { defaultScope, resolveScope } from "@/lib/server/targets/registry";
import type { Scope } from "@/lib/server/targets/scope";
import type { StreamRef } from "@/lib/targets/scope";
import { listAlarms } from "./alarms";
import { fetchMetricData } from "./get-metric-data";
import { cloudwatchUsage } from "./usage";
import { log } from "@/lib/server/ops/log";

/**
 * How long the wall waits for a scope's consumers (their first reading measures every KCL lag):
 * past this the tiles show without them, and the answer, still being read, serves the next refresh.
 */
export const CONSUMERS_WAIT_MS = 4_000;

/** A scope's consumers for the wall, or undefined when they cannot be had in time (never an error: the wall stands without them). */
async function consumersForWall(scope: Scope): Promise<AllConsumersResponse | undefined> {
  const reading = allConsumers(scope).catch((e: unknown) => {
    if (!(e instanceof AppError)) log().error({ err: e }, "monitor: reading the consumers failed");
    return undefined;
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), CONSUMERS_WAIT_MS);
  });
  try {
    return await Promise.race([reading, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Each stream's worst consumer (the rows come worst first). */
function worstConsumers(answer: AllConsumersResponse | undefined): Map<string, WorstConsumer> {
  const worst = new Map<string, WorstConsumer>();
  for (const c of answer?.consumers ?? []) {
    if (worst.has(c.stream)) continue;
    worst.set(c.stream, { name: c.name, kind: c.kind, health: c.health, lagMillis: c.lag?.maxMillis ?? null, reasons: c.reasons });
  }
  return worst;
}

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
  /** Undefined: every stream of the base scope (up to the configured maximum). */
  streams?: StreamRef[];
  range: RangeKey;
  /** Overrides of the configured thresholds. */
  thresholds: Partial<HealthThresholds>;
}

/** The request a parsed `?streams=&range=&ageWarn=…` asks for (thresholds in the URL are in seconds); the route and the page's prefetch alike. */
export function monitorRequest(q: MonitorQuery): MonitorRequest {
  const ms = (v: number | undefined) => (v === undefined ? undefined : v * 1000);
  return {
    streams: q.streams,
    range: q.range,
    thresholds: { iteratorAgeWarnMs: ms(q.ageWarn), iteratorAgeCritMs: ms(q.ageCrit), throttleWarn: q.throttleWarn, throttleCrit: q.throttleCrit },
  };
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

function errorTile(stream: string, error: AppError, scope: MonitorTile["scope"]): MonitorTile {
  return {
    stream,
    scope,
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

/** The streams of one scope on the wall, in the order they were named. */
interface ScopeGroup {
  scope: Scope;
  names: string[];
}

/** Groups the named streams by scope (unqualified names are the base scope's); unknown targets or regions are refused. */
async function groupByScope(base: Scope, refs: StreamRef[]): Promise<ScopeGroup[]> {
  const groups = new Map<string, ScopeGroup>();
  for (const ref of refs) {
    const scope = ref.target === undefined ? base : ref.region === undefined ? await defaultScope(ref.target) : await resolveScope(ref.target, ref.region);
    const group = groups.get(scope.key) ?? { scope, names: [] };
    if (!group.names.includes(ref.stream)) group.names.push(ref.stream);
    groups.set(scope.key, group);
  }
  return [...groups.values()];
}

interface GroupResult {
  tiles: MonitorTile[];
  /** GetMetricData queries of this scope's plan. */
  queries: number;
  calls: number;
  alarmCalls: number;
  cached: boolean;
  fetchedAt: number;
}

/** One scope's tiles: its open shard counts, one GetMetricData plan, its alarm list. */
async function scopeTiles(group: ScopeGroup, window: Window, thresholds: HealthThresholds, label: MonitorTile["scope"]): Promise<GroupResult> {
  const { scope, names } = group;
  // A stream that cannot be read gets an error tile; the others still show.
  const shardCounts = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, count: await openShardCount(scope, name) };
      } catch (e) {
        if (e instanceof AppError && (e.code === "not_found" || e.code === "access_denied")) return { name, error: e };
        throw e;
      }
    }),
  );
  const readable = shardCounts.filter((s) => s.error === undefined).map((s) => s.name);
  const plan = planQueries(tileRequests(readable), window.period);

  const [answer, alarmList, consumers] = await Promise.all([fetchMetricData(scope, plan, window), listAlarms(scope), consumersForWall(scope)]);
  const worst = worstConsumers(consumers);
  const values = allSeries(plan, answer.results, window);
  const recentSlots = Math.max(1, Math.ceil((HEALTH_WINDOW_MINUTES * 60) / window.period));
  const recent = (v: Values) => v.slice(-recentSlots);
  const slots = timeline(window);
  // The response's fetchedAt: the browser marks partial sparkline points from it by the same rule.
  const fetchedAt = Math.min(answer.fetchedAt, alarmList.fetchedAt);

  const tiles: MonitorTile[] = shardCounts.map((s) => {
    if (s.error) return errorTile(s.name, s.error, label);
    const i = readable.indexOf(s.name);
    const get = (role: keyof typeof TILE_METRICS) => values.get(`${i}/${role}`) ?? [];
    const incoming = get("incoming");
    const maxIteratorAgeMs = maxOf(recent(get("age")));
    const readThrottles = sumOf(recent(get("readThrottles")));
    const writeThrottles = sumOf(recent(get("writeThrottles")));
    const alarms = alarmsForStream(alarmList.alarms, s.name).map((a) => ({ name: a.name, state: a.state }));
    const hasData = (Object.keys(TILE_METRICS) as (keyof typeof TILE_METRICS)[]).some((role) => get(role).some((v) => v !== null));
    const throttles = readThrottles === null && writeThrottles === null ? null : (readThrottles ?? 0) + (writeThrottles ?? 0);
    const worstConsumer = worst.get(s.name);
    return {
      stream: s.name,
      scope: label,
      health: withWorstConsumer(assessHealth({ alarms, maxIteratorAgeMs, throttles, hasData }, thresholds), worstConsumer),
      ...(worstConsumer ? { worstConsumer } : {}),
      openShardCount: s.count ?? null,
      sparkline: incoming,
      // The last complete period as of the moment CloudWatch was read: the running one is still filling.
      incomingBytesPerSecond: lastComplete(incoming, slots, window.period, fetchedAt)?.value ?? null,
      incomingRecordsPerSecond: lastComplete(get("records"), slots, window.period, fetchedAt)?.value ?? null,
      maxIteratorAgeMs,
      readThrottles,
      writeThrottles,
      alarms,
    };
  });
  return { tiles, queries: plan.queryCount, calls: answer.calls, alarmCalls: alarmList.calls, cached: answer.cached, fetchedAt };
}

const metricOf = (name: string) => STREAM_METRICS.find((m) => m.name === name)!;
const tileRequests = (streams: string[]): SeriesRequest[] =>
  streams.flatMap((stream, i) =>
    Object.entries(TILE_METRICS).map(([role, name]) => ({ key: `${i}/${role}`, metric: metricOf(name), dimensions: { StreamName: stream } })),
  );

/**
 * The wall: the base scope's streams (all of them, or those named), and streams of other targets
 * and regions named as `target:stream` or `target:region:stream`. Each scope is read with its own
 * clients and caches; a scope that fails (its credentials expired, CloudWatch unreachable) turns
 * its own tiles into error tiles and leaves the others standing — unless every scope failed.
 */
export async function getMonitor(base: Scope, req: MonitorRequest, now = Date.now()): Promise<MonitorResponse> {
  const config = getConfig();
  const thresholds = mergeThresholds(req.thresholds);
  let groups: ScopeGroup[];
  let omitted = 0;
  if (req.streams) {
    groups = await groupByScope(base, req.streams);
  } else {
    const names = (await listStreams(base)).map((s) => s.name).sort((a, b) => a.localeCompare(b));
    omitted = Math.max(0, names.length - config.monitor.maxStreams);
    groups = [{ scope: base, names: names.slice(0, config.monitor.maxStreams) }];
  }

  // One window and period for every scope, so the tiles share one time axis.
  const rangeSeconds = RANGES[req.range];
  const streamCount = groups.reduce((n, g) => n + g.names.length, 0);
  const { period } = choosePeriod({
    rangeSeconds,
    startAgeSeconds: rangeSeconds,
    queryCount: planQueries(tileRequests(Array(streamCount).fill("")), 60).queryCount,
  });
  const p = period * 1000;
  const end = Math.ceil(now / p) * p;
  const window: Window = { start: end - Math.ceil((rangeSeconds * 1000) / p) * p, end, period };

  const labels = await Promise.all(groups.map(async (g) => scopeLabel(g.scope)));
  const settled = await Promise.allSettled(groups.map((g, i) => scopeTiles(g, window, thresholds, labels[i]!)));
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failures.length === settled.length && failures.length > 0) throw failures[0]!.reason;

  const results: GroupResult[] = settled.map((r, i) => {
    if (r.status === "fulfilled") return r.value;
    const error = r.reason instanceof AppError ? r.reason : new AppError("internal", "Shardscope could not read this target; the server log has the details.");
    if (!(r.reason instanceof AppError)) log().error({ err: r.reason }, "monitor: a scope failed");
    return { tiles: groups[i]!.names.map((n) => errorTile(n, error, labels[i]!)), queries: 0, calls: 0, alarmCalls: 0, cached: false, fetchedAt: Date.now() };
  });

  const usages = groups.map((g) => cloudwatchUsage(g.scope).snapshot());
  return {
    tiles: worstFirst(results.flatMap((r) => r.tiles)),
    timestamps: timeline(window).map((t) => new Date(t).toISOString()),
    period,
    healthWindowMinutes: Math.min(HEALTH_WINDOW_MINUTES, rangeSeconds / 60),
    thresholds,
    scopes: labels,
    usage: {
      getMetricDataCalls: sum(results.map((r) => r.calls)),
      describeAlarmsCalls: sum(results.map((r) => r.alarmCalls)),
      queries: sum(results.map((r) => r.queries)),
      cached: results.every((r) => r.cached),
      callsLastMinute: sum(usages.map((u) => u.callsLastMinute)),
      getMetricDataCallsLastMinute: sum(usages.map((u) => u.byOperationLastMinute.GetMetricData)),
    },
    // The oldest of the scopes' answers: nothing on the wall is newer than this claims.
    fetchedAt: new Date(Math.min(...results.map((r) => r.fetchedAt))).toISOString(),
    generatedAt: new Date().toISOString(),
    omitted,
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** How a tile names its scope: target, region and account (looked up once a minute per scope). */
async function scopeLabel(scope: Scope): Promise<MonitorTile["scope"]> {
  const status = await getTargetStatus(scope);
  return { target: scope.target, region: scope.region, account: status.account };
}
