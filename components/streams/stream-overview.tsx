"use client";
// A stream's overview: its summary, tags and consumers, the shard table and the shard map coloured
// by each shard's traffic: CloudWatch's shard-level metrics when the stream has them, else what
// Shardscope's own readers observe (a stats-only tail: one GetRecords call a second per shard).
import { useMemo, useState } from "react";
import { useStreamMetrics } from "@/lib/queries/metrics";
import { useShards, useStreamDetails, useStreamSummary } from "@/lib/queries/streams";
import { useLiveMetrics } from "@/lib/queries/use-live-metrics";
import type { ShardTraffic } from "@/lib/streams/shard-heat";
import type { StreamSummary } from "@/lib/streams/types";
import { ErrorPanel } from "@/components/ui/error-panel";
import { formatRetention, formatTime } from "@/lib/format/format";
import { formatRecordLimit } from "@/lib/put/limits";
import { ShardMap, type ShardMapTraffic } from "./shard-map";
import { ShardTable } from "./shard-table";

/** Observing live costs a GetRecords call a second per shard: started by itself only on streams this small. */
const AUTO_OBSERVE_MAX_SHARDS = 50;
const METRICS_WINDOW = { range: "1h" };

/** The shard map's traffic, from CloudWatch or observed, and the control to observe when needed. */
function useShardTraffic(name: string, summary: StreamSummary | undefined) {
  const shardLevel = !!summary && (summary.enhancedMonitoring.includes("ALL") || summary.enhancedMonitoring.includes("IncomingBytes"));
  const metrics = useStreamMetrics(name, METRICS_WINDOW, 60, shardLevel);
  // CloudWatch's per-shard averages, when the stream publishes them and they have data.
  const fromCloudWatch = useMemo((): ShardMapTraffic | undefined => {
    const byShard = new Map<string, ShardTraffic>();
    for (const s of metrics.data?.shardLevel.shards ?? []) {
      const bytes = s.stats.IncomingBytes?.average;
      if (bytes !== null && bytes !== undefined)
        byShard.set(s.shardId, { bytesPerSecond: bytes, recordsPerSecond: s.stats.IncomingRecords?.average ?? undefined });
    }
    return byShard.size > 0 ? { byShard, source: "CloudWatch shard-level metrics, average over the last hour" } : undefined;
  }, [metrics.data]);
  // Else (shard-level metrics off, or no data yet): what Shardscope's own readers observe.
  const needObserved = !!summary && (!shardLevel || (metrics.isFetched && !fromCloudWatch));
  const [observeChoice, setObserve] = useState<boolean | undefined>();
  const observe = needObserved && (observeChoice ?? summary.openShardCount <= AUTO_OBSERVE_MAX_SHARDS);
  const live = useLiveMetrics(name, observe);
  const observed = useMemo((): ShardMapTraffic | undefined => {
    if (!observe || live.stats.length === 0) return undefined;
    return {
      byShard: new Map(live.stats.map((s) => [s.shardId, { bytesPerSecond: s.bytesPerSecond, recordsPerSecond: s.recordsPerSecond }])),
      source: shardLevel
        ? "observed live by Shardscope's own readers (CloudWatch has no shard-level data for the last hour)"
        : "observed live by Shardscope's own readers (shard-level metrics are off on this stream)",
    };
  }, [observe, live.stats, shardLevel]);
  return { canObserve: needObserved, observe, setObserve, traffic: fromCloudWatch ?? observed, liveError: live.error };
}

export function StreamOverview({ name }: { name: string }) {
  const summary = useStreamSummary(name);
  const details = useStreamDetails(name);
  const shards = useShards(name);
  const [selected, setSelected] = useState<string | undefined>();
  const heat = useShardTraffic(name, summary.data);

  if (summary.error) return <ErrorPanel error={summary.error} action={`load stream “${name}”`} />;
  const s = summary.data;
  return (
    <div>
      <div className="grid-2">
        <section className="panel" aria-label="Summary">
          <h2>Summary</h2>
          {!s ? (
            <p className="skeleton">Loading summary…</p>
          ) : (
            <dl className="facts" data-testid="stream-summary">
              <dt>ARN</dt>
              <dd className="mono">{s.arn}</dd>
              <dt>Status</dt>
              <dd>
                <span className={s.status === "ACTIVE" ? "badge ok" : "badge warn"}>{s.status}</span>
              </dd>
              <dt>Capacity mode</dt>
              <dd data-testid="stream-mode">{s.mode}</dd>
              <dt>Open shards</dt>
              <dd data-testid="open-shard-count">{s.openShardCount}</dd>
              <dt>Retention</dt>
              <dd>
                {formatRetention(s.retentionHours)} ({s.retentionHours} h)
              </dd>
              <dt>Maximum record size</dt>
              <dd data-testid="max-record-size">{formatRecordLimit(s.maxRecordSizeKiB * 1024)}</dd>
              <dt>Encryption</dt>
              <dd>
                {s.encryption}
                {s.keyId ? <span className="mono"> · {s.keyId}</span> : null}
              </dd>
              <dt>Created (UTC)</dt>
              <dd className="mono">{formatTime(s.createdAt)}</dd>
              <dt>Enhanced monitoring</dt>
              <dd data-testid="enhanced-monitoring">
                {s.enhancedMonitoring.length === 0 ? <span className="muted">off (stream-level metrics only)</span> : s.enhancedMonitoring.join(", ")}
              </dd>
            </dl>
          )}
        </section>
        <section className="panel" aria-label="Tags and consumers">
          <h2>Tags</h2>
          {details.error ? <ErrorPanel error={details.error} action="load tags and consumers" /> : null}
          {details.isPending ? <p className="skeleton">Loading…</p> : null}
          {details.data ? (
            details.data.tags.length === 0 ? (
              <p className="muted">No tags.</p>
            ) : (
              <dl className="facts" data-testid="stream-tags">
                {details.data.tags.map((t) => (
                  <div key={t.key} className="contents">
                    <dt>{t.key}</dt>
                    <dd>{t.value}</dd>
                  </div>
                ))}
              </dl>
            )
          ) : null}
          <h2 className="mt-16">Enhanced fan-out consumers</h2>
          {details.data ? (
            details.data.consumers.length === 0 ? (
              <p className="muted">None registered.</p>
            ) : (
              <table className="data" data-testid="consumers">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Status</th>
                    <th>Created (UTC)</th>
                  </tr>
                </thead>
                <tbody>
                  {details.data.consumers.map((c) => (
                    <tr key={c.arn}>
                      <td title={c.arn}>{c.name}</td>
                      <td>
                        <span className={c.status === "ACTIVE" ? "badge ok" : "badge warn"}>{c.status}</span>
                      </td>
                      <td className="mono">{formatTime(c.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          ) : null}
        </section>
      </div>
      <section className="panel" aria-label="Shard map">
        <div className="row">
          <h2>Shard map</h2>
          <span className="spacer" />
          {heat.canObserve ? (
            <button onClick={() => heat.setObserve(!heat.observe)} data-testid="observe-traffic" aria-pressed={heat.observe}>
              {heat.observe ? "Stop observing traffic" : "Observe traffic (1 GetRecords call/s per shard)"}
            </button>
          ) : null}
        </div>
        {heat.liveError ? <p className="badge warn">Traffic cannot be observed: {heat.liveError}</p> : null}
        {shards.error ? <ErrorPanel error={shards.error} action="list shards" /> : null}
        {shards.data ? (
          <ShardMap shards={shards.data.shards} selected={selected} onSelect={setSelected} traffic={heat.traffic} />
        ) : (
          <p className="skeleton">Loading shards…</p>
        )}
      </section>
      <section className="panel" aria-label="Shards">
        <h2>Shards</h2>
        {shards.data ? <ShardTable stream={name} shards={shards.data.shards} selected={selected} onSelect={setSelected} /> : null}
      </section>
    </div>
  );
}
