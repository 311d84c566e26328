"use client";
// The per-shard view: each shard's rates as a share of the shard limits (1 MiB/s and 1,000
// records/s in, 2 MiB/s out), hottest first. When enhanced monitoring is off, it says so and
// what turning it on costs.
import type { ShardMetrics } from "@/lib/metrics/types";
import { SHARD_LEVEL_METRIC_NAMES, SHARD_LIMITS, type ShardViewMetric } from "@/lib/metrics/catalog";
import { formatPercent } from "@/lib/format/format";
import { formatMetric } from "@/lib/metrics/format";
import { percentOfLimit } from "@/lib/metrics/shards";
import type { ChartStatus } from "./metric-chart";
import { MiniChart } from "./mini-chart";

const LABEL: Record<ShardViewMetric, string> = { IncomingBytes: "bytes in", IncomingRecords: "records in", OutgoingBytes: "bytes out" };
const UNIT: Record<ShardViewMetric, "bytes/s" | "records/s"> = { IncomingBytes: "bytes/s", IncomingRecords: "records/s", OutgoingBytes: "bytes/s" };

function barClass(p: number | null | undefined) {
  if (p === null || p === undefined) return "util-bar";
  return p >= 90 ? "util-bar bad" : p >= 70 ? "util-bar warn" : "util-bar";
}

export function ShardLevelOff({ enabled }: { enabled: string[] }) {
  return (
    <div data-testid="shard-level-off">
      <p>
        <b>Shard-level metrics {enabled.length === 0 ? "are off" : "for the per-shard view are off"} for this stream.</b>{" "}
        {enabled.length === 0 ? (
          "Enabled shard-level metrics: none."
        ) : (
          <>
            Enabled shard-level metrics: <span data-testid="enabled-shard-metrics">{enabled.join(", ")}</span>; the per-shard view needs IncomingBytes,
            IncomingRecords or OutgoingBytes.
          </>
        )}
      </p>
      <p className="muted small">
        Enhanced (shard-level) monitoring publishes {SHARD_LEVEL_METRIC_NAMES.join(", ")} for every shard. Each enabled metric is billed as a CloudWatch custom
        metric per shard per month, so a stream with many shards costs noticeably more; enable only what you need, with{" "}
        <code>aws kinesis enable-enhanced-monitoring --stream-name NAME --shard-level-metrics IncomingBytes IncomingRecords OutgoingBytes</code>.
      </p>
    </div>
  );
}

export function ShardUsageList(props: {
  shards: ShardMetrics[];
  viewMetrics: ShardViewMetric[];
  enabled: string[];
  timestamps: number[];
  partialFrom: number;
  status: ChartStatus;
  onOpen: (shardId: string, at: number) => void;
}) {
  const { shards, viewMetrics, timestamps, status } = props;
  return (
    <div data-testid="shard-usage">
      <p className="muted small">
        Enabled shard-level metrics: {props.enabled.join(", ")}. Peaks are per-second rates as a share of each shard&apos;s limit (
        {viewMetrics.map((m) => SHARD_LIMITS[m].label).join(", ")}); hottest first. Click a point to read that shard from that moment.
      </p>
      {shards.length === 0 ? <p className="muted">No open shards.</p> : null}
      {shards.map((s, rank) => (
        <div key={s.shardId} className="shard-row" data-testid="shard-usage-row" data-shard={s.shardId}>
          <div className="muted text-right">#{rank + 1}</div>
          <div>
            <div className="mono">{s.shardId}</div>
            <div className="small">
              peak <b data-testid="shard-peak">{formatPercent(s.peakPercent)}</b> of limit
            </div>
            <div className={barClass(s.peakPercent)}>
              <span style={{ width: `${Math.min(100, s.peakPercent ?? 0)}%` }} />
            </div>
          </div>
          <div className="small">
            {viewMetrics.map((m) => {
              const st = s.stats[m];
              return (
                <div key={m}>
                  {LABEL[m]}: peak {formatMetric(st?.peak, UNIT[m])} ({formatPercent(st?.peakPercent)}), avg {formatMetric(st?.average, UNIT[m])}
                </div>
              );
            })}
          </div>
          {status.kind === "ready" ? (
            <MiniChart
              id={`shard-${s.shardId}`}
              timestamps={timestamps}
              partialFrom={props.partialFrom}
              limit={100}
              format={(v) => formatPercent(v)}
              series={viewMetrics.map((m) => ({
                key: m,
                label: `${LABEL[m]} (% of ${SHARD_LIMITS[m].label})`,
                values: (s.series[m] ?? []).map((v) => percentOfLimit(m, v)),
              }))}
              clickHint="Click to read this shard from here"
              onPointClick={(_i, at) => props.onOpen(s.shardId, at)}
            />
          ) : null}
        </div>
      ))}
    </div>
  );
}
