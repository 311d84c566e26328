// Lag over time: a bounded history per consumer (sampled by the server each time it measures the
// lag, or the minutes CloudWatch holds), and whether the lag is growing or shrinking (the
// least-squares slope of the recent samples) with, when shrinking, the time to catch up at that
// pace. Pure, so tested without a clock.

export interface LagSample {
  /** When the lag was measured (ms since the epoch): the answer's fetchedAt, not when it arrived. */
  at: number;
  lagMillis: number;
}

/** Samples kept per consumer: an hour at the default 30 s refresh (and CloudWatch's hour of minutes), bounded memory however long it runs. */
export const MAX_SAMPLES = 120;
/** Samples older than this are dropped: the history says how the lag moved lately, not last week. */
export const MAX_SAMPLE_AGE_MS = 60 * 60_000;
/** The trend looks at this many of the latest samples: recent enough to follow a change of pace. */
export const TREND_SAMPLES = 10;
/** |slope| below this (ms of lag per ms of wall time) is steady: a consumer keeping pace wobbles. */
export const STEADY_SLOPE = 0.02;

/**
 * The history with `sample` in its place by time (a sample of the same time replaces nothing: the
 * same measurement seen twice), oldest dropped past `max` or older than `maxAgeMs` before the newest.
 * Returns `history` itself when nothing changed.
 */
export function insertSample(history: readonly LagSample[], sample: LagSample, max = MAX_SAMPLES, maxAgeMs = MAX_SAMPLE_AGE_MS): LagSample[] {
  let i = history.length;
  while (i > 0 && history[i - 1]!.at > sample.at) i--;
  if (i > 0 && history[i - 1]!.at === sample.at) return history as LagSample[];
  const next = [...history.slice(0, i), sample, ...history.slice(i)];
  const newest = next[next.length - 1]!.at;
  let from = Math.max(0, next.length - max);
  while (from < next.length - 1 && next[from]!.at < newest - maxAgeMs) from++;
  return from > 0 ? next.slice(from) : next;
}

export type LagDirection = "growing" | "shrinking" | "steady" | "unknown";

export interface LagTrend {
  direction: LagDirection;
  /** ms of lag gained per ms of wall time (1: the consumer reads nothing; -1: it catches up a second a second). */
  slope: number | null;
  /** When shrinking: ms until the lag reaches zero at the current pace. */
  catchUpMillis: number | null;
}

/** The least-squares slope of lag against time over the last `window` samples. */
export function lagSlope(samples: readonly LagSample[], window = TREND_SAMPLES): number | null {
  const recent = samples.slice(-window);
  if (recent.length < 2) return null;
  const n = recent.length;
  const t0 = recent[0]!.at;
  const meanX = recent.reduce((s, p) => s + (p.at - t0), 0) / n;
  const meanY = recent.reduce((s, p) => s + p.lagMillis, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of recent) {
    const dx = p.at - t0 - meanX;
    sxx += dx * dx;
    sxy += dx * (p.lagMillis - meanY);
  }
  return sxx === 0 ? null : sxy / sxx;
}

export function lagTrend(samples: readonly LagSample[], window = TREND_SAMPLES): LagTrend {
  const slope = lagSlope(samples, window);
  if (slope === null) return { direction: "unknown", slope: null, catchUpMillis: null };
  if (Math.abs(slope) < STEADY_SLOPE) return { direction: "steady", slope, catchUpMillis: null };
  if (slope > 0) return { direction: "growing", slope, catchUpMillis: null };
  const current = samples[samples.length - 1]!.lagMillis;
  return { direction: "shrinking", slope, catchUpMillis: Math.max(0, current / -slope) };
}
