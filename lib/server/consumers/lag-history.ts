import "server-only";
// Lag over time for the consumers whose lag Shardscope measures itself (KCL applications): each
// time an answer is loaded (at most once per refresh interval, shared by every viewer, so while
// anyone looks) the worst lag of each row is kept as a sample of a bounded history per scope,
// stream and consumer (lib/consumers/lag-trend.ts: the last hour, at most MAX_SAMPLES). Rows whose
// lag comes from CloudWatch bring CloudWatch's own minutes instead (cloudwatch-lag.ts).
import { insertSample, MAX_SAMPLE_AGE_MS, type LagSample } from "@/lib/consumers/lag-trend";
import type { ConsumerRow, LagHistory } from "@/lib/consumers/types";
import type { Scope } from "@/lib/server/targets/scope";

const histories = (scope: Scope) => scope.state("consumerLagHistory", () => new Map<string, LagSample[]>());

const toWire = (samples: readonly LagSample[]): LagHistory => ({
  source: "shardscope",
  points: samples.map((s) => ({ at: new Date(s.at).toISOString(), lagMillis: s.lagMillis })),
});

/**
 * Samples every row Shardscope measured (a lag, and no history of CloudWatch's) at its fetchedAt,
 * and returns the rows with their history. A consumer measured no more (gone, or nobody looked for
 * an hour) is forgotten, so the map stays bounded by the consumers seen in the last hour.
 */
export function withLagHistory<R extends ConsumerRow>(scope: Scope, stream: (row: R) => string, rows: readonly R[], now = Date.now()): R[] {
  const map = histories(scope);
  for (const [key, samples] of map) if ((samples[samples.length - 1]?.at ?? 0) < now - MAX_SAMPLE_AGE_MS) map.delete(key);
  return rows.map((row) => {
    if (row.lagHistory) return row;
    const key = `${stream(row)}\n${row.id}`;
    let samples = map.get(key);
    const at = Date.parse(row.fetchedAt);
    if (row.lag && !Number.isNaN(at)) {
      samples = insertSample(samples ?? [], { at, lagMillis: row.lag.maxMillis });
      map.set(key, samples);
    }
    return samples && samples.length > 0 ? { ...row, lagHistory: toWire(samples) } : row;
  });
}
