// Pure choices behind the Metrics tab's charts: the range a stream's tab opens with, which series
// are worth a line and a legend entry, and round ticks for both axes. `now` is always passed in.
import type { RangeKey } from "./period";

/** A stream younger than this has no hour of metrics yet: its tab opens on 15 minutes. */
export const YOUNG_STREAM_MS = 60 * 60 * 1000;

/** The range the Metrics tab opens with: 15 minutes for a stream younger than an hour, else 1 hour. */
export function defaultMetricsRange(createdAt: string | undefined, now: number): RangeKey {
  const created = createdAt ? Date.parse(createdAt) : NaN;
  return Number.isFinite(created) && now - created < YOUNG_STREAM_MS ? "15m" : "1h";
}

/** The series with at least one data point: the others get neither a line nor a legend entry. */
export function seriesWithData<S extends { values: readonly (number | null | undefined)[] }>(series: readonly S[]): S[] {
  return series.filter((s) => s.values.some((v) => v !== null && v !== undefined));
}

/** The smallest 1, 2 or 5 × 10^k that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  return 10 * magnitude;
}

/**
 * Round value-axis ticks from 0 up to the first round number at or above `max`, at most `count`
 * steps: e.g. max 1,550 → 0, 500, 1,000, 1,500, 2,000 (or, `binary`, 2 KiB → 0, 0.5, 1, 1.5, 2 KiB).
 * A zero or missing maximum gives [0, 1].
 */
export function niceValueTicks(max: number, count = 4, binary = false): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  // Bytes are printed in KiB, MiB, …: round numbers of that unit (0.5 KiB, 1 KiB), not of bytes.
  const unit = binary ? 1024 ** Math.max(0, Math.floor(Math.log(max) / Math.log(1024))) : 1;
  if (unit > 1) return niceValueTicks(max / unit, count).map((t) => t * unit);
  const step = niceStep(max / count);
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= top + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

const MIN = 60_000;
/** Time steps a reader counts in: minutes, hours, days. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880].map((m) => m * MIN);

/** Round UTC times between `first` and `last` (epoch ms), at most `count` of them: whole minutes, hours, days. */
export function niceTimeTicks(first: number, last: number, count = 6): number[] {
  if (!(last > first)) return Number.isFinite(first) ? [first] : [];
  const step = TIME_STEPS.find((s) => (last - first) / s <= count) ?? Math.ceil((last - first) / count / (1440 * MIN)) * 1440 * MIN;
  const ticks: number[] = [];
  for (let t = Math.ceil(first / step) * step; t <= last; t += step) ticks.push(t);
  return ticks;
}
