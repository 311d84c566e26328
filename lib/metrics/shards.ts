// The per-shard view: each shard's rates against the per-shard limits, hottest first, and which
// shard carried the most traffic at a given moment (to open the records behind a spike).
import { SHARD_LIMITS, SHARD_VIEW_METRICS, type ShardViewMetric } from "./catalog";
import { averageOf, maxOf, type Values } from "./series";

export interface ShardMetricStats {
  /** Highest per-second rate in the window. */
  peak: number | null;
  average: number | null;
  /** Peak as a percentage of the shard limit. */
  peakPercent: number | null;
}

export interface ShardUsage {
  shardId: string;
  open: boolean;
  series: Partial<Record<ShardViewMetric, Values>>;
  stats: Partial<Record<ShardViewMetric, ShardMetricStats>>;
  /** The highest peak percentage over all metrics with a limit: how close this shard came to throttling. */
  peakPercent: number | null;
  averagePercent: number | null;
}

export function percentOfLimit(metric: ShardViewMetric, value: number | null): number | null {
  return value === null ? null : (value / SHARD_LIMITS[metric].perSecond) * 100;
}

export function shardUsage(shardId: string, open: boolean, series: Partial<Record<ShardViewMetric, Values>>): ShardUsage {
  const stats: Partial<Record<ShardViewMetric, ShardMetricStats>> = {};
  let peakPercent: number | null = null;
  let averagePercent: number | null = null;
  for (const metric of SHARD_VIEW_METRICS) {
    const values = series[metric];
    if (!values) continue;
    const peak = maxOf(values);
    const average = averageOf(values);
    const pp = percentOfLimit(metric, peak);
    const ap = percentOfLimit(metric, average);
    stats[metric] = { peak, average, peakPercent: pp };
    if (pp !== null && (peakPercent === null || pp > peakPercent)) peakPercent = pp;
    if (ap !== null && (averagePercent === null || ap > averagePercent)) averagePercent = ap;
  }
  return { shardId, open, series, stats, peakPercent, averagePercent };
}

/** Hottest first: highest peak utilization, then highest average, then shard id; shards without data last. */
export function rankShards(shards: readonly ShardUsage[]): ShardUsage[] {
  const score = (v: number | null) => (v === null ? -1 : v);
  return [...shards].sort(
    (a, b) => score(b.peakPercent) - score(a.peakPercent) || score(b.averagePercent) - score(a.averagePercent) || a.shardId.localeCompare(b.shardId),
  );
}

/** The shard that took the most incoming bytes (else records) in the slot at `index`, if any did. */
export function busiestShardAt(shards: readonly ShardUsage[], index: number): string | undefined {
  for (const metric of ["IncomingBytes", "IncomingRecords"] as const) {
    let best: { id: string; v: number } | undefined;
    for (const s of shards) {
      const v = s.series[metric]?.[index];
      if (v !== null && v !== undefined && v > 0 && (!best || v > best.v)) best = { id: s.shardId, v };
    }
    if (best) return best.id;
  }
  return undefined;
}
