// Per-shard figures of the tail: throughput, lag, and how much of the shard's read budget
// Shardscope itself spends (Kinesis allows 5 GetRecords calls/s per shard for all consumers).
import type { ShardTailStats, TailShardsEvent } from "@/lib/tail/types";
import { formatBytes, formatDuration } from "@/lib/format/format";

const STATE_CLASS: Record<string, string> = {
  live: "badge ok",
  "catching-up": "badge info",
  starting: "badge",
  throttled: "badge warn",
  reconnecting: "badge warn",
  ended: "badge",
  failed: "badge bad",
};

export function TailStatsTable({ stats, shards }: { stats: ShardTailStats[]; shards: TailShardsEvent["shards"] }) {
  if (shards.length === 0 && stats.length === 0) return null;
  const byId = new Map(stats.map((s) => [s.shardId, s]));
  const rows = shards.length > 0 ? shards : stats.map((s) => ({ shardId: s.shardId, status: "reading" as const }));
  return (
    <details className="panel compact" open>
      <summary className="small">
        <b>Shards</b> <span className="muted">— observed by Shardscope&apos;s own readers</span>
      </summary>
      <table className="data small" data-testid="tail-stats">
        <thead>
          <tr>
            <th>Shard</th>
            <th>Reader</th>
            <th className="num">Records/s</th>
            <th className="num">Bytes/s</th>
            <th className="num">Behind latest</th>
            <th className="num">Newest record age</th>
            <th>Read budget used by Shardscope</th>
            <th>Top keys (60 s)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ shardId, status }) => {
            const s = byId.get(shardId);
            const share = s ? s.callsPerSecond / s.budgetPerSecond : 0;
            return (
              <tr key={shardId} data-testid="tail-stats-row" data-shard={shardId}>
                <td className="mono">{shardId}</td>
                <td>
                  {s && status === "reading" ? (
                    <span className={STATE_CLASS[s.state] ?? "badge"} title={s.message} data-testid="reader-state">
                      {s.state}
                    </span>
                  ) : (
                    <span className="badge">{status}</span>
                  )}
                  {s?.message && (s.state === "throttled" || s.state === "reconnecting" || s.state === "failed") ? (
                    <div className="muted">{s.message}</div>
                  ) : null}
                </td>
                <td className="num">{s ? s.recordsPerSecond.toFixed(1) : "–"}</td>
                <td className="num">{s ? `${formatBytes(Math.round(s.bytesPerSecond))}` : "–"}</td>
                <td className="num">{s ? formatDuration(s.millisBehindLatest) : "–"}</td>
                <td className="num">{s ? formatDuration(s.newestRecordAgeMs) : "–"}</td>
                <td data-testid="budget-use">
                  {!s ? (
                    "–"
                  ) : s.mode === "efo" ? (
                    <span title="Enhanced fan-out pushes records through a registered consumer's own 2 MB/s pipe">none: enhanced fan-out</span>
                  ) : (
                    <span title="GetRecords calls per second, 10 s average, against the 5 calls/s Kinesis allows per shard">
                      {s.callsPerSecond.toFixed(1)} / {s.budgetPerSecond} calls/s ({Math.round(share * 100)}%)
                    </span>
                  )}
                </td>
                <td className="mono">
                  {s?.hotKeys.slice(0, 3).map((k) => (
                    <span key={k.key} className="mr-8">
                      {k.key} {Math.round(k.share * 100)}%
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}
