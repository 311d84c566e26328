"use client";
// Live metrics at 1-second resolution, observed by Shardscope's own readers (not CloudWatch):
// records/s and bytes/s per shard, lag, and the hottest partition keys. Sampling runs for a window
// the user starts and stops by itself.
import { useEffect, useMemo, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLiveMetrics } from "@/lib/queries/use-live-metrics";
import { hotKeysAcrossShards, livePoints } from "@/lib/tail/live-metrics";
import { formatBytes, formatDuration } from "@/lib/format/format";

const WINDOWS = [
  { seconds: 60, label: "1 min" },
  { seconds: 300, label: "5 min" },
  { seconds: 900, label: "15 min" },
];
const COLORS = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#db2777"];

export function LiveMetricsPanel({ stream }: { stream: string }) {
  const [until, setUntil] = useState<number | undefined>();
  const [windowS, setWindowS] = useState(60);
  const [now, setNow] = useState(() => Date.now());
  const active = until !== undefined && now < until;
  const live = useLiveMetrics(stream, active);

  useEffect(() => {
    if (until === undefined) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [until]);

  const points = useMemo(() => livePoints(live.stats), [live.stats]);
  const hot = useMemo(() => hotKeysAcrossShards(live.stats), [live.stats]);
  const shardIds = live.stats.map((s) => s.shardId);

  return (
    <section className="panel" aria-label="Live metrics" data-testid="live-metrics">
      <div className="row mb-8">
        <h2 className="m-0">Live, observed by Shardscope</h2>
        <span className="muted small">1-second resolution from Shardscope&apos;s own shard readers, not CloudWatch</span>
        <span className="spacer" />
        {active ? (
          <>
            <span className="badge ok" data-testid="live-state">
              {live.connection === "open" ? `sampling · ${Math.max(0, Math.ceil(((until ?? now) - now) / 1000))} s left` : live.connection}
            </span>
            <button onClick={() => setUntil(undefined)}>Stop</button>
          </>
        ) : (
          <>
            <select value={windowS} onChange={(e) => setWindowS(Number(e.target.value))} aria-label="Sampling window">
              {WINDOWS.map((w) => (
                <option key={w.seconds} value={w.seconds}>
                  {w.label}
                </option>
              ))}
            </select>
            <button
              className="primary"
              onClick={() => {
                setNow(Date.now());
                setUntil(Date.now() + windowS * 1000);
              }}
            >
              Sample live
            </button>
          </>
        )}
      </div>
      {live.error ? <p className="badge bad">{live.error}</p> : null}
      {!active && live.stats.length === 0 ? (
        <p className="muted small">
          Start a sampling window to watch per-second throughput, lag and hot keys. It shares the readers of any open tail, so it adds no reads when a tail of
          this stream is already running; otherwise it reads each shard at the tail&apos;s budget (1 GetRecords call/s by default).
        </p>
      ) : null}
      {live.stats.length > 0 ? (
        <div className="grid-2">
          <div>
            <h3>Records/s per shard</h3>
            <div className="live-chart">
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={points} margin={{ top: 5, right: 10, bottom: 5, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
                  <XAxis
                    dataKey="t"
                    type="number"
                    domain={["dataMin", "dataMax"]}
                    tickFormatter={(t: number) => new Date(t).toISOString().slice(11, 19)}
                    fontSize={11}
                  />
                  <YAxis fontSize={11} allowDecimals={false} />
                  <Tooltip labelFormatter={(t) => new Date(Number(t)).toISOString().slice(11, 19)} />
                  <Legend wrapperStyle={{ fontSize: 11 }} />
                  <Line dataKey="total" stroke="#111827" dot={false} isAnimationActive={false} strokeWidth={2} />
                  {shardIds.map((id, i) => (
                    <Line
                      key={id}
                      dataKey={id}
                      name={id.replace(/^shardId-0*(?=\d)/, "#")}
                      stroke={COLORS[i % COLORS.length]}
                      dot={false}
                      isAnimationActive={false}
                    />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </div>
          </div>
          <div>
            <h3>Hot keys (last 60 s)</h3>
            <table className="data small" data-testid="hot-keys">
              <thead>
                <tr>
                  <th>Partition key</th>
                  <th className="num">Records</th>
                  <th className="num">Share</th>
                </tr>
              </thead>
              <tbody>
                {hot.map((k) => (
                  <tr key={k.key} data-testid="hot-key" data-key={k.key}>
                    <td className="mono">{k.key}</td>
                    <td className="num">{k.count}</td>
                    <td className="num">{(k.share * 100).toFixed(1)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <table className="data small span-all" data-testid="live-shards">
            <thead>
              <tr>
                <th>Shard</th>
                <th className="num">Records/s</th>
                <th className="num">Bytes/s</th>
                <th className="num">Behind latest</th>
                <th className="num">Newest record age</th>
                <th className="num">Read calls/s (of {live.stats[0]?.budgetPerSecond ?? 5})</th>
              </tr>
            </thead>
            <tbody>
              {live.stats.map((s) => (
                <tr key={s.shardId} data-testid="live-shard" data-shard={s.shardId}>
                  <td className="mono">{s.shardId}</td>
                  <td className="num">{s.recordsPerSecond.toFixed(1)}</td>
                  <td className="num">{formatBytes(Math.round(s.bytesPerSecond))}</td>
                  <td className="num">{formatDuration(s.millisBehindLatest)}</td>
                  <td className="num">{formatDuration(s.newestRecordAgeMs)}</td>
                  <td className="num">{s.mode === "efo" ? "enhanced fan-out" : s.callsPerSecond.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
