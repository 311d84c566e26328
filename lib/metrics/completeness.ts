// Which CloudWatch periods are complete. The period that is still running holds only part of its
// data, and Kinesis publishes its metrics about a minute after the fact, so the period that just
// ended may still be filling too. A headline ("latest") must never show such a period: it reads as
// a drop that did not happen. Pure; the moment the data was read (`asOf`) is always passed in.

/**
 * How long after a period's end CloudWatch may still be receiving its data points. Kinesis
 * publishes its stream metrics once a minute with about a minute's delay, so one minute.
 */
export const SETTLE_DELAY_MS = 60_000;

/**
 * The rule: a period [start, start + period) is complete when its end is at least
 * SETTLE_DELAY_MS before the moment the data was read: start + period ≤ asOf − settle.
 */
export function isPeriodComplete(startMs: number, periodSeconds: number, asOf: number, settleMs = SETTLE_DELAY_MS): boolean {
  return startMs + periodSeconds * 1000 <= asOf - settleMs;
}

/**
 * The index of the first period that is not complete, in ascending period starts; the length of
 * `timestamps` when every period is complete. Every point from there on is partial.
 */
export function firstPartialIndex(timestamps: readonly number[], periodSeconds: number, asOf: number, settleMs = SETTLE_DELAY_MS): number {
  let i = timestamps.length;
  while (i > 0 && !isPeriodComplete(timestamps[i - 1]!, periodSeconds, asOf, settleMs)) i--;
  return i;
}

export interface LatestValue {
  value: number;
  /** Index of the point in the series. */
  index: number;
  /** Epoch ms of the period's start. */
  at: number;
}

/** The last complete, non-null point of a series: what a headline "latest" shows. */
export function lastComplete(
  values: readonly (number | null)[],
  timestamps: readonly number[],
  periodSeconds: number,
  asOf: number,
  settleMs = SETTLE_DELAY_MS,
): LatestValue | null {
  const end = Math.min(values.length, firstPartialIndex(timestamps, periodSeconds, asOf, settleMs));
  for (let i = end - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined) return { value: v, index: i, at: timestamps[i]! };
  }
  return null;
}
