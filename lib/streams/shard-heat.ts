// The shard map's colours: each shard's traffic as a share of the busiest shard's, on one scale
// from cool to hot, so the hot shard of a stream shows at a glance. Isomorphic and pure.

export interface ShardTraffic {
  bytesPerSecond: number;
  recordsPerSecond?: number;
}

/** 0 … 1: this shard's bytes/s against the busiest shard's (0 when nothing moves). */
export function heatOf(traffic: ShardTraffic | undefined, max: number): number {
  if (!traffic || max <= 0) return 0;
  return Math.max(0, Math.min(1, traffic.bytesPerSecond / max));
}

/** The busiest shard's bytes/s. */
export function maxTraffic(traffic: ReadonlyMap<string, ShardTraffic>): number {
  let max = 0;
  for (const t of traffic.values()) if (t.bytesPerSecond > max) max = t.bytesPerSecond;
  return max;
}

/**
 * A fill for a heat: pale blue (idle) through amber to deep orange (the busiest shard). Lightness
 * stays high enough for dark text to keep a 4.5:1 contrast on every step.
 */
export function heatColor(heat: number): string {
  const h = Math.max(0, Math.min(1, heat));
  // hue 210 (blue) → 30 (orange); saturation up; lightness 88% → 62%.
  const hue = Math.round(210 - 180 * h);
  const sat = Math.round(60 + 30 * h);
  const light = Math.round(88 - 26 * h);
  return `hsl(${hue} ${sat}% ${light}%)`;
}
