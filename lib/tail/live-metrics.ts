// Live metrics as Shardscope's own readers observe them: per-second series for a chart, and the
// hottest partition keys across shards. Pure, so the panel only renders.
import type { HotKey, ShardTailStats } from "@/lib/tail/types";

export interface LivePoint {
  /** Epoch milliseconds. */
  t: number;
  /** records/s per shard id, plus "total". */
  [series: string]: number;
}

export function livePoints(stats: ShardTailStats[], measure: "records" | "bytes" = "records"): LivePoint[] {
  const byT = new Map<number, LivePoint>();
  for (const s of stats) {
    for (const p of s.perSecond ?? []) {
      let point = byT.get(p.t);
      if (!point) {
        point = { t: p.t * 1000, total: 0 };
        byT.set(p.t, point);
      }
      const v = measure === "records" ? p.records : p.bytes;
      point[s.shardId] = v;
      point.total = (point.total ?? 0) + v;
    }
  }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** Keys by share of all records seen in the window, across shards. */
export function hotKeysAcrossShards(stats: ShardTailStats[], top = 10): HotKey[] {
  const counts = new Map<string, number>();
  let total = 0;
  for (const s of stats) {
    // Each shard's hot keys carry their count and share; the share gives back the shard's total.
    const shardTotal = s.hotKeys.reduce((m, k) => (k.share > 0 ? Math.max(m, Math.round(k.count / k.share)) : m), 0);
    total += shardTotal;
    for (const k of s.hotKeys) counts.set(k.key, (counts.get(k.key) ?? 0) + k.count);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([key, count]) => ({ key, count, share: total > 0 ? count / total : 0 }));
}
