import "server-only";
// The account's metric alarms, read with DescribeAlarms once per cache period and shared by
// every viewer, then filtered here to one stream's (namespace AWS/Kinesis, dimension StreamName):
// DescribeAlarms cannot filter by dimension.
import { DescribeAlarmsCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { AlarmMetricRef, AlarmState, AlarmView } from "@/lib/metrics/types";
import { alarmsForStream } from "@/lib/metrics/alarms";
import { cloudwatchClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import type { Scope } from "@/lib/server/targets/scope";
import { TtlCache } from "@/lib/server/util/ttl-cache";
import { assertCloudWatchEnabled, attemptsOf, cloudwatchError } from "./errors";
import { cloudwatchUsage } from "./usage";

/** 100 alarms a page; an account with more than 5,000 alarms sees the first 5,000. */
const MAX_PAGES = 50;
const CALL_TIMEOUT_MS = 10_000;

const dims = (d: { Name?: string; Value?: string }[] | undefined) =>
  (d ?? []).filter((x) => x.Name !== undefined).map((x) => ({ name: x.Name ?? "", value: x.Value ?? "" }));

function state(v: string | undefined): AlarmState {
  return v === "ALARM" || v === "OK" ? v : "INSUFFICIENT_DATA";
}

export function toAlarmView(a: MetricAlarm): AlarmView {
  const metrics: AlarmMetricRef[] = (a.Metrics ?? []).flatMap((m) =>
    m.MetricStat?.Metric
      ? [
          {
            namespace: m.MetricStat.Metric.Namespace,
            metricName: m.MetricStat.Metric.MetricName,
            dimensions: dims(m.MetricStat.Metric.Dimensions),
            statistic: m.MetricStat.Stat,
            period: m.MetricStat.Period,
          },
        ]
      : [],
  );
  return {
    name: a.AlarmName ?? "",
    arn: a.AlarmArn,
    description: a.AlarmDescription,
    state: state(a.StateValue),
    reason: a.StateReason ?? "",
    stateUpdatedAt: a.StateUpdatedTimestamp ? new Date(a.StateUpdatedTimestamp).toISOString() : undefined,
    metricName: a.MetricName,
    namespace: a.Namespace,
    statistic: a.Statistic ?? a.ExtendedStatistic,
    period: a.Period,
    dimensions: dims(a.Dimensions),
    threshold: a.Threshold,
    comparison: a.ComparisonOperator,
    evaluationPeriods: a.EvaluationPeriods,
    datapointsToAlarm: a.DatapointsToAlarm,
    metrics,
  };
}

export interface AlarmList {
  alarms: AlarmView[];
  fetchedAt: number;
  /** DescribeAlarms calls this list cost this request: 0 when it came from the cache. */
  calls: number;
}

async function describeAllAlarms(scope: Scope): Promise<AlarmList> {
  assertCloudWatchEnabled();
  const fetchedAt = Date.now();
  const alarms: AlarmView[] = [];
  let calls = 0;
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let out;
    try {
      out = await cloudwatchClient(scope).send(new DescribeAlarmsCommand({ AlarmTypes: ["MetricAlarm"], MaxRecords: 100, NextToken: nextToken }), {
        abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (e) {
      cloudwatchUsage(scope).record("DescribeAlarms", attemptsOf(e));
      throw cloudwatchError(scope, e);
    }
    calls += attemptsOf(out);
    cloudwatchUsage(scope).record("DescribeAlarms", attemptsOf(out));
    for (const a of out.MetricAlarms ?? []) alarms.push(toAlarmView(a));
    nextToken = out.NextToken;
    if (!nextToken) break;
  }
  return { alarms, fetchedAt, calls };
}

const cache = (scope: Scope) => scope.state("alarms", () => new TtlCache<AlarmList>(getConfig().metricsTtlMs, 2));

/** Every metric alarm of the account and region, shared by all viewers for the cache period. */
export async function listAlarms(scope: Scope): Promise<AlarmList> {
  let loaded = false;
  const list = await cache(scope).get("all", async () => {
    loaded = true;
    return describeAllAlarms(scope);
  });
  return loaded ? list : { ...list, calls: 0 };
}

/** A stream's alarms, those in ALARM first. */
export async function streamAlarms(scope: Scope, stream: string): Promise<{ alarms: AlarmView[]; fetchedAt: number; calls: number }> {
  const list = await listAlarms(scope);
  return { alarms: alarmsForStream(list.alarms, stream), fetchedAt: list.fetchedAt, calls: list.calls };
}

/** Drops the cached alarm list (tests; nothing else needs to). */
export function forgetCachedAlarms(scope: Scope): void {
  cache(scope).delete("all");
}
