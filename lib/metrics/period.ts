// Time windows for CloudWatch queries: the preset ranges, and the period (resolution) that
// follows from the range, from how long CloudWatch keeps each resolution, and from the data
// points one GetMetricData call may return. Pure; `now` is always passed in.

export const RANGES = {
  "15m": 15 * 60,
  "1h": 60 * 60,
  "3h": 3 * 60 * 60,
  "12h": 12 * 60 * 60,
  "1d": 24 * 60 * 60,
  "3d": 3 * 24 * 60 * 60,
  "7d": 7 * 24 * 60 * 60,
} as const;
export type RangeKey = keyof typeof RANGES;
export const RANGE_KEYS = ["15m", "1h", "3h", "12h", "1d", "3d", "7d"] as const satisfies readonly RangeKey[];

export const RANGE_LABELS: Record<RangeKey, string> = {
  "15m": "15 min",
  "1h": "1 hour",
  "3h": "3 hours",
  "12h": "12 hours",
  "1d": "1 day",
  "3d": "3 days",
  "7d": "7 days",
};

const DAY = 24 * 60 * 60;

/**
 * CloudWatch's retention: 60-second data points for 15 days, 300-second ones for 63 days,
 * 3600-second ones for 455 days (15 months).
 */
export const RETENTION = [
  { period: 60, keptSeconds: 15 * DAY },
  { period: 300, keptSeconds: 63 * DAY },
  { period: 3600, keptSeconds: 455 * DAY },
] as const;
export const MAX_AGE_SECONDS = 455 * DAY;

/** Periods Shardscope picks from; Kinesis publishes 1-minute data, so nothing finer. */
export const PERIODS = [60, 300, 900, 3600, 21_600, 86_400] as const;

/** Enough points for a chart a screen wide; more only costs data points. */
export const MAX_POINTS_PER_SERIES = 360;
/** What a requested period may produce at most per series. */
export const MAX_REQUESTED_POINTS = 1440;
/** GetMetricData returns at most this many data points per call before it pages. */
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/** The finest period CloudWatch still has for data that starts `ageSeconds` ago. */
export function retentionMinimumPeriod(ageSeconds: number): number {
  for (const r of RETENTION) if (ageSeconds <= r.keptSeconds) return r.period;
  return 3600;
}

export interface PeriodChoice {
  period: number;
  /** Why this period, in words, for the UI. */
  reason: string;
}

/**
 * The period for a window: the finest that CloudWatch still keeps for the window's start, that
 * gives at most MAX_POINTS_PER_SERIES points, and that keeps `queryCount` series within one
 * call's data-point limit (so a refresh costs ⌈queries/500⌉ calls, not more pages).
 */
export function choosePeriod(opts: { rangeSeconds: number; startAgeSeconds: number; queryCount: number }): PeriodChoice {
  const minimum = retentionMinimumPeriod(opts.startAgeSeconds);
  const queries = Math.max(1, Math.min(opts.queryCount, 500));
  for (const period of PERIODS) {
    if (period < minimum) continue;
    const points = Math.ceil(opts.rangeSeconds / period);
    if (points > MAX_POINTS_PER_SERIES) continue;
    if (points * queries > MAX_DATAPOINTS_PER_CALL) continue;
    return {
      period,
      reason: minimum > 60 && period === minimum ? `CloudWatch keeps only ${minimum}-second data that far back` : `${points} points per series`,
    };
  }
  return { period: 86_400, reason: "the coarsest period" };
}

/** Checks a period the user asked for; returns a sentence saying what is wrong, or undefined. */
export function checkRequestedPeriod(period: number, rangeSeconds: number, startAgeSeconds: number): string | undefined {
  if (!Number.isInteger(period) || period < 60 || period % 60 !== 0) {
    return "period must be a whole number of minutes in seconds (60, 300, 3600, …): Kinesis publishes 1-minute data.";
  }
  if (period > 86_400) return "period is at most 86400 seconds (one day).";
  const minimum = retentionMinimumPeriod(startAgeSeconds);
  if (period < minimum) {
    const days = Math.round(startAgeSeconds / DAY);
    return `period must be at least ${minimum} seconds for a window starting ${days} days ago: CloudWatch keeps 60-second data for 15 days and 300-second data for 63 days.`;
  }
  if (rangeSeconds / period > MAX_REQUESTED_POINTS) {
    return `period ${period} s gives ${Math.ceil(rangeSeconds / period)} points per series; choose a longer period (at most ${MAX_REQUESTED_POINTS} points).`;
  }
  return undefined;
}

export interface Window {
  /** Epoch ms, aligned to the period. */
  start: number;
  /** Epoch ms, aligned to the period; exclusive. */
  end: number;
  period: number;
}

/** Aligns a window to its period so that points fall on the same boundaries CloudWatch uses. */
export function alignWindow(startMs: number, endMs: number, period: number): Window {
  const p = period * 1000;
  const end = Math.ceil(endMs / p) * p;
  const start = Math.floor(startMs / p) * p;
  return { start, end: end > start ? end : start + p, period };
}

/** The start of every period in a window: the x axis, with a slot for every point. */
export function timeline(w: Window): number[] {
  const p = w.period * 1000;
  const out: number[] = [];
  for (let t = w.start; t < w.end; t += p) out.push(t);
  return out;
}
