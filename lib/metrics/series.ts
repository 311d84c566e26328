// Turns GetMetricData results into chart series on a fixed timeline: one slot per period, `null`
// where CloudWatch had no data point, so a chart breaks its line instead of drawing across a gap.
import type { PlannedSeries, QueryPlan } from "./queries";
import { timeline, type Window } from "./period";

/** What one query id returned: epoch-ms timestamps and values, in any order. */
export interface RawResult {
  timestamps: number[];
  values: number[];
}

export type Values = (number | null)[];

/** Values by timestamp slot; a timestamp CloudWatch did not align to our periods falls into its slot. */
export function toSlots(raw: RawResult | undefined, w: Window): Map<number, number> {
  const out = new Map<number, number>();
  if (!raw) return out;
  const p = w.period * 1000;
  raw.timestamps.forEach((t, i) => {
    const v = raw.values[i];
    if (v === undefined || !Number.isFinite(v) || t < w.start || t >= w.end) return;
    const slot = w.start + Math.floor((t - w.start) / p) * p;
    out.set(slot, v);
  });
  return out;
}

/**
 * A series' values on the window's timeline. A rate takes CloudWatch's metric-math result where
 * there is one and otherwise divides the Sum by the period itself — the same arithmetic, for
 * emulators that do not evaluate math.
 */
export function seriesValues(s: PlannedSeries, results: ReadonlyMap<string, RawResult>, w: Window, slots = timeline(w)): Values {
  const stat = toSlots(results.get(s.statId), w);
  if (s.display === "value") return slots.map((t) => stat.get(t) ?? null);
  const rate = toSlots(s.rateId ? results.get(s.rateId) : undefined, w);
  return slots.map((t) => {
    const r = rate.get(t);
    if (r !== undefined) return r;
    const sum = stat.get(t);
    return sum === undefined ? null : sum / w.period;
  });
}

/** Every planned series' values, by key. */
export function allSeries(plan: QueryPlan, results: ReadonlyMap<string, RawResult>, w: Window): Map<string, Values> {
  const slots = timeline(w);
  return new Map(plan.series.map((s) => [s.key, seriesValues(s, results, w, slots)]));
}

export function maxOf(values: Values): number | null {
  let max: number | null = null;
  for (const v of values) if (v !== null && (max === null || v > max)) max = v;
  return max;
}

export function sumOf(values: Values): number | null {
  let sum: number | null = null;
  for (const v of values) if (v !== null) sum = (sum ?? 0) + v;
  return sum;
}

export function lastOf(values: Values): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

export function averageOf(values: Values): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    n++;
  }
  return n === 0 ? null : sum / n;
}
