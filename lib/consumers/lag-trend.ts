// Lag over time, as the browser samples it while the consumers tab is open: a bounded history per
// consumer, and whether the lag is growing or shrinking (the least-squares slope of the recent
// samples) with, when shrinking, the time to catch up at that pace. Pure, so tested without a clock.

export interface LagSample {
  /** When the lag was measured (ms since the epoch): the answer's fetchedAt, not when it arrived. */
  at: number;
  lagMillis: number;
}

/** Samples kept per consumer: a few minutes at the default 30 s refresh, bounded memory however long the tab stays open. */
export const MAX_SAMPLES = 60;
/** The trend looks at this many of the latest samples: recent enough to follow a change of pace. */
export const TREND_SAMPLES = 10;
/** |slope| below this (ms of lag per ms of wall time) is steady: a consumer keeping pace wobbles. */
export const STEADY_SLOPE = 0.02;

/**
 * The history with `sample` appended, oldest dropped past `max`. A sample measured at the same
 * time as the last one (a cached answer seen again) or earlier is not a new measurement: ignored.
 */
export function appendSample(history: readonly LagSample[], sample: LagSample, max = MAX_SAMPLES): LagSample[] {
  const last = history[history.length - 1];
  if (last && sample.at <= last.at) return history as LagSample[];
  const next = [...history, sample];
  return next.length > max ? next.slice(next.length - max) : next;
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
