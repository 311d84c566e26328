// Which CloudWatch alarms belong to a stream, and where their thresholds fall on our charts.
// DescribeAlarms cannot filter by dimension (and moto ignores most filters), so this is done here.
import type { AlarmView } from "@/lib/metrics/types";
import { CONSUMER_METRICS, KINESIS_NAMESPACE, STREAM_METRICS, type ChartDef, type MetricDef } from "./catalog";

const dim = (dims: { name: string; value: string }[], name: string) => dims.find((d) => d.name === name)?.value;

/** An alarm on any AWS/Kinesis metric with StreamName = stream (directly, or inside its metric math). */
export function alarmWatchesStream(alarm: AlarmView, stream: string): boolean {
  if (alarm.namespace === KINESIS_NAMESPACE && dim(alarm.dimensions, "StreamName") === stream) return true;
  return alarm.metrics.some((m) => m.namespace === KINESIS_NAMESPACE && dim(m.dimensions, "StreamName") === stream);
}

export function alarmsForStream(alarms: readonly AlarmView[], stream: string): AlarmView[] {
  const rank = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 } as const;
  return alarms.filter((a) => alarmWatchesStream(a, stream)).sort((a, b) => rank[a.state] - rank[b.state] || a.name.localeCompare(b.name));
}

/** The shard a shard-level alarm watches, if it is one. */
export const alarmShard = (alarm: AlarmView) => dim(alarm.dimensions, "ShardId");

const COMPARISON_SIGNS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: "≥",
  GreaterThanThreshold: ">",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "≤",
  LessThanLowerOrGreaterThanUpperThreshold: "outside band",
  LessThanLowerThreshold: "< lower band",
  GreaterThanUpperThreshold: "> upper band",
};

export function comparisonSign(comparison: string | undefined): string {
  return comparison ? (COMPARISON_SIGNS[comparison] ?? comparison) : "";
}

export type ThresholdPlacement =
  { drawn: true; alarm: AlarmView; y: number; seriesKey: string; note?: string } | { drawn: false; alarm: AlarmView; why: string };

function metricDef(name: string): MetricDef | undefined {
  return STREAM_METRICS.find((m) => m.name === name) ?? CONSUMER_METRICS.find((m) => m.name === name);
}

/**
 * Where an alarm's threshold goes on a chart, in the chart's units, or why it cannot be drawn.
 * Rates are drawn per second, so a Sum alarm's threshold is divided by the alarm's period; a Sum
 * drawn per period only matches when the chart uses the alarm's period.
 */
export function placeThreshold(alarm: AlarmView, chart: ChartDef, chartPeriod: number): ThresholdPlacement | undefined {
  if (alarm.namespace !== KINESIS_NAMESPACE || !alarm.metricName) return undefined;
  const onChart = chart.metrics.includes(alarm.metricName) || chart.consumerMetrics.includes(alarm.metricName);
  if (!onChart) return undefined;
  if (alarmShard(alarm)) return undefined; // shard-level alarms are listed, not drawn on stream charts
  const consumer = dim(alarm.dimensions, "ConsumerName");
  const def = metricDef(alarm.metricName);
  if (!def) return undefined;
  const seriesKey = consumer ? `${alarm.metricName}@${consumer}` : alarm.metricName;
  if (alarm.threshold === undefined) return { drawn: false, alarm, why: "it has no static threshold (anomaly band)" };

  if (def.display === "rate") {
    if (alarm.statistic !== "Sum" || !alarm.period) {
      return { drawn: false, alarm, why: `its statistic (${alarm.statistic ?? "extended"}) is not comparable with a per-second rate` };
    }
    return { drawn: true, alarm, seriesKey, y: alarm.threshold / alarm.period, note: `${alarm.threshold} per ${alarm.period} s` };
  }
  if (def.statistic === "Sum") {
    if (alarm.statistic !== "Sum") return { drawn: false, alarm, why: `its statistic (${alarm.statistic ?? "extended"}) differs from the chart's Sum` };
    if (alarm.period !== chartPeriod) {
      return { drawn: false, alarm, why: `it sums over ${alarm.period} s and the chart over ${chartPeriod} s` };
    }
    return { drawn: true, alarm, seriesKey, y: alarm.threshold };
  }
  // Averages, maxima and minima share the metric's unit whatever the period.
  return {
    drawn: true,
    alarm,
    seriesKey,
    y: alarm.threshold,
    note: alarm.statistic && alarm.statistic !== def.statistic ? `${alarm.statistic}, chart shows ${def.statistic}` : undefined,
  };
}
