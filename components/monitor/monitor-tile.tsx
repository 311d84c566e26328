// One stream on the on-call screen: its health, why, a throughput sparkline and the figures that
// decide health. Greyed out and labelled stale when the latest refresh failed.
import Link from "next/link";
import type { MonitorTile as Tile } from "@/lib/metrics/types";
import { scopedPath } from "@/lib/targets/scope";
import { formatBytesPerSecond, formatCount, formatSeconds } from "@/lib/format/format";
import { formatMetric } from "@/lib/metrics/format";
import { Sparkline } from "./sparkline";

const STATE_LABEL: Record<Tile["health"]["state"], string> = {
  critical: "CRITICAL",
  error: "ERROR",
  warning: "WARNING",
  unknown: "NO DATA",
  ok: "OK",
};

export interface TileFreshness {
  /** How old the tile's data is, in words ("12 s"). */
  age: string;
  /** Why the data is not current; undefined while it is. */
  stale?: string;
}

/** "prod-eu · eu-west-1 · 123456789012": whose stream a tile shows, on a wall of several targets. */
export function scopeLabel(s: Tile["scope"]): string {
  return [s.target, s.region, s.account === "local" ? "local emulator" : (s.account ?? "account unknown")].join(" · ");
}

export function MonitorTile({
  tile,
  freshness,
  partialFrom,
  latestLabel,
  kiosk,
  showScope = false,
}: {
  tile: Tile;
  /** The wall shows streams of several targets or regions: each tile says whose it is. */
  showScope?: boolean;
  freshness: TileFreshness;
  /** Index of the first sparkline point whose period is still filling. */
  partialFrom: number;
  /** What "in" covers, e.g. "last full min"; empty on the wall, whose header states the windows once. */
  latestLabel: string;
  kiosk: boolean;
}) {
  const throttles = tile.readThrottles === null && tile.writeThrottles === null ? null : (tile.readThrottles ?? 0) + (tile.writeThrottles ?? 0);
  const stale = freshness.stale !== undefined;
  const sparkMax = Math.max(0, ...tile.sparkline.filter((v): v is number => v !== null));
  const hasPoints = tile.sparkline.some((v) => v !== null);
  // A tile may belong to another target or region than the page: its link goes to its own.
  const href = scopedPath(tile.scope, `/streams/${encodeURIComponent(tile.stream)}/metrics`);
  const whose = showScope ? scopeLabel(tile.scope) : undefined;
  return (
    <article
      className="tile"
      data-testid="monitor-tile"
      data-stream={tile.stream}
      data-target={tile.scope.target}
      data-region={tile.scope.region}
      data-state={tile.health.state}
      data-stale={stale}
      aria-label={`${tile.stream}${whose ? ` (${whose})` : ""}: ${STATE_LABEL[tile.health.state]}${stale ? ", stale" : ""}`}
    >
      <div className="row justify-between align-baseline">
        <span className="tile-name">{kiosk ? tile.stream : <Link href={href}>{tile.stream}</Link>}</span>
        <span className="state" data-testid="tile-state">
          {stale ? "STALE" : STATE_LABEL[tile.health.state]}
        </span>
      </div>
      {whose ? (
        <div className="tile-scope" data-testid="tile-scope">
          {whose}
        </div>
      ) : null}
      <div className="reasons" data-testid="tile-reasons">
        {tile.health.reasons.join(" · ")}
      </div>
      {tile.alarms.length > 0 ? (
        <ul className="tile-alarms" data-testid="tile-alarms">
          {tile.alarms.map((a) => (
            <li key={a.name} data-state={a.state}>
              <span className="alarm-name">{a.name}</span> <span className="alarm-state">{a.state}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {tile.error ? null : (
        // The value axis: the line's scale runs from 0 (bottom) to the window's highest rate (top).
        <div className="spark-wrap">
          <Sparkline values={tile.sparkline} partialFrom={partialFrom} label={`${tile.stream} incoming bytes per second`} />
          <span className="spark-scale spark-max" data-testid="spark-max">
            {hasPoints ? formatBytesPerSecond(sparkMax) : "–"}
          </span>
          <span className="spark-scale spark-min">0</span>
        </div>
      )}
      {tile.error ? null : (
        <div className="figures">
          <div>
            <b data-testid="tile-incoming">{tile.incomingBytesPerSecond === null ? "–" : formatBytesPerSecond(tile.incomingBytesPerSecond)}</b>
            <span data-testid="tile-incoming-label">{latestLabel ? `in, ${latestLabel}` : "bytes in"}</span>
          </div>
          <div>
            <b data-testid="tile-records">{tile.incomingRecordsPerSecond === null ? "–" : formatMetric(tile.incomingRecordsPerSecond, "records/s")}</b>
            <span>records in</span>
          </div>
          <div>
            <b data-testid="tile-age">{tile.maxIteratorAgeMs === null ? "–" : formatSeconds(tile.maxIteratorAgeMs)}</b>
            <span>max iterator age</span>
          </div>
          <div>
            <b data-testid="tile-throttles">{throttles === null ? "–" : formatCount(throttles)}</b>
            <span>throttled</span>
          </div>
          <div>
            <b data-testid="tile-shards">{tile.openShardCount ?? "–"}</b>
            <span>shards</span>
          </div>
          {tile.worstConsumer ? (
            <div className="tile-consumer" data-testid="tile-consumer" data-health={tile.worstConsumer.health}>
              <b data-testid="tile-consumer-lag">{tile.worstConsumer.lagMillis === null ? "–" : formatSeconds(tile.worstConsumer.lagMillis)}</b>
              <span title={`worst consumer: ${tile.worstConsumer.name} (${tile.worstConsumer.health})`}>
                lag of <span data-testid="tile-consumer-name">{tile.worstConsumer.name}</span>
              </span>
            </div>
          ) : null}
        </div>
      )}
      <div className="tile-foot">
        {stale ? (
          <span className="stale-label" data-testid="tile-stale">
            stale — {freshness.stale}
          </span>
        ) : null}
        {kiosk && !stale ? null : <span data-testid="tile-updated">updated {freshness.age} ago</span>}
      </div>
    </article>
  );
}
