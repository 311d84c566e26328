"use client";
// The on-call screen (/monitor): one tile per stream, worst first, refreshed on a schedule. When a
// refresh fails every tile keeps its last data, greyed out and labelled stale with the reason and
// its age — stale data is never shown as current. ?kiosk=1 is the wall display: no controls and no
// navigation, type sized for across a room, and a grid computed from the tile count and the space
// on screen so that the tiles fill it.
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { MONITOR_RANGES } from "@/lib/metrics/metrics-query";
import { formatAge } from "@/lib/format/format";
import { dataAge } from "@/lib/metrics/format";
import { firstPartialIndex } from "@/lib/metrics/completeness";
import { RANGE_LABELS, type RangeKey } from "@/lib/metrics/period";
import { wallGrid, type WallGrid } from "@/lib/metrics/wall-grid";
import { ApiError } from "@/lib/queries/fetch-json";
import {
  DEFAULT_MONITOR_REFRESH,
  isCloudWatchDisabled,
  MONITOR_REFRESH_CHOICES,
  monitorParamsFrom,
  useMonitor,
  type MonitorParams,
} from "@/lib/queries/metrics";
import { useUrlState } from "@/lib/queries/use-url-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { useNow } from "@/components/ui/use-now";
import { MonitorTile } from "./monitor-tile";
import "./monitor.css";
import { useScopedHref } from "@/lib/queries/scope";

function failure(error: unknown): string {
  if (isCloudWatchDisabled(error)) return error.message;
  if (error instanceof ApiError && error.code === "endpoint_unreachable") return `refresh failed: CloudWatch is unreachable (${error.message})`;
  return `refresh failed: ${error instanceof Error ? error.message : "unknown error"}`;
}

/** 60 → "1 min", 300 → "5 min", 3600 → "1 h". */
const periodWords = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} h` : `${seconds / 60} min`);

/** The wall's grid for `count` tiles in the element's current size (its gap read from CSS), kept up to date as it resizes. */
function useWallGrid(ref: React.RefObject<HTMLDivElement | null>, count: number, enabled: boolean): WallGrid | undefined {
  const [grid, setGrid] = useState<WallGrid | undefined>(undefined);
  useEffect(() => {
    const el = ref.current;
    if (!enabled || !el) return;
    const measure = () => {
      const gap = parseFloat(getComputedStyle(el).rowGap) || 0;
      const next = wallGrid(count, el.clientWidth, el.clientHeight, { gap });
      setGrid((g) => (g && g.columns === next.columns && g.rows === next.rows ? g : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, count, enabled]);
  return enabled ? grid : undefined;
}

export function MonitorBoard() {
  const href = useScopedHref();
  const [params, setParams] = useUrlState();
  const kiosk = params.get("kiosk") === "1";
  const refreshParam = Number(params.get("refresh") ?? DEFAULT_MONITOR_REFRESH);
  const refresh = (MONITOR_REFRESH_CHOICES as readonly number[]).includes(refreshParam) ? refreshParam : DEFAULT_MONITOR_REFRESH;
  const query: MonitorParams = monitorParamsFrom(params);
  const monitor = useMonitor(query, refresh);
  // The wall in the page's HTML was read at its dataUpdatedAt: the server rendered its age from that
  // moment, and the first render in the browser says the same (no hydration mismatch).
  const now = useNow(1000, monitor.dataUpdatedAt || undefined);
  const data = monitor.data;

  // A refresh that hangs is as stale as one that failed: past two intervals (and 20 s), say so.
  const silentFor = data ? now - monitor.dataUpdatedAt : 0;
  const overdue = data !== undefined && !monitor.error && silentFor > Math.max(2 * refresh * 1000, refresh * 1000 + 20_000);
  const stale = data && monitor.error ? failure(monitor.error) : overdue ? `no answer from the server for ${formatAge(silentFor)}` : undefined;
  const age = data ? formatAge(dataAge(data, monitor.dataUpdatedAt, now)) : "–";
  const range = (query.range ?? "1h") as RangeKey;
  // Periods still filling when CloudWatch was read: the server's headline skips them by the same rule.
  const partialFrom = useMemo(
    () =>
      data
        ? firstPartialIndex(
            data.timestamps.map((t) => Date.parse(t)),
            data.period,
            Date.parse(data.fetchedAt),
          )
        : 0,
    [data],
  );

  const tilesRef = useRef<HTMLDivElement>(null);
  const wall = useWallGrid(tilesRef, data?.tiles.length ?? 0, kiosk);

  // The document title carries the worst state, for a browser tab in the background.
  const worst = data?.tiles[0]?.health.state;
  const titleRef = useRef<string | undefined>(undefined);
  useEffect(() => {
    titleRef.current ??= document.title;
    document.title = `${stale ? "STALE · " : worst && worst !== "ok" ? `${worst.toUpperCase()} · ` : ""}Monitor · Shardscope`;
    return () => {
      if (titleRef.current) document.title = titleRef.current;
    };
  }, [worst, stale]);

  // What the wall and the normal page both say first: which streams, how old the data is, and
  // whether it is stale (never shown as current).
  const status = (
    <>
      <h1 className="m-0">On call</h1>
      <span data-testid="monitor-summary">
        {data ? `${data.tiles.length} stream${data.tiles.length === 1 ? "" : "s"}${data.omitted ? ` (${data.omitted} more not shown)` : ""}` : ""}
      </span>
      <span data-testid="monitor-updated">{data ? `updated ${age} ago` : monitor.isPending ? "loading…" : ""}</span>
      {stale ? (
        <span className="stale-label" data-testid="monitor-stale">
          STALE — {stale}
        </span>
      ) : null}
    </>
  );

  return (
    <div className={`monitor-board${kiosk ? " kiosk" : ""}`} data-testid="monitor-board" data-kiosk={kiosk}>
      {kiosk ? (
        // The wall states the same things in one line, with nothing to click: kiosk mode is left by removing ?kiosk=1 from the URL.
        <div className="monitor-head">
          {status}
          {data ? (
            <span className="monitor-window" data-testid="monitor-window">
              lines: {RANGE_LABELS[range] ?? range} in {periodWords(data.period)} periods, 0 to the top value, dashed still filling · in: last full{" "}
              {periodWords(data.period)} · age, throttled: last {data.healthWindowMinutes} min ·{" "}
              <span data-testid="monitor-legend">– no data in the window</span>
            </span>
          ) : null}
        </div>
      ) : (
        <div className="monitor-head">
          {status}
          <span className="spacer" />
          <label>
            Sparklines{" "}
            <select
              aria-label="Sparkline range"
              value={query.range ?? "1h"}
              onChange={(e) => setParams({ range: e.target.value === "1h" ? undefined : e.target.value })}
            >
              {MONITOR_RANGES.map((r) => (
                <option key={r} value={r}>
                  {RANGE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Refresh{" "}
            <select
              aria-label="Refresh interval"
              value={refresh}
              onChange={(e) => setParams({ refresh: Number(e.target.value) === DEFAULT_MONITOR_REFRESH ? undefined : e.target.value })}
            >
              {MONITOR_REFRESH_CHOICES.map((s) => (
                <option key={s} value={s}>
                  {s < 60 ? `${s} s` : `${s / 60} min`}
                </option>
              ))}
            </select>
          </label>
          <button onClick={() => void monitor.refetch()} disabled={monitor.isFetching} data-testid="monitor-refresh">
            {monitor.isFetching ? "Refreshing…" : "Refresh now"}
          </button>
          <Link href={href(`/monitor?${new URLSearchParams([...params.entries(), ["kiosk", "1"]]).toString()}`)} data-testid="kiosk-link">
            kiosk mode
          </Link>
          {data ? (
            <span className="small" title="CloudWatch bills GetMetricData per metric requested">
              CloudWatch: {data.usage.callsLastMinute} calls/min by this server
            </span>
          ) : null}
        </div>
      )}
      {data && !kiosk ? (
        <p className="small monitor-window" data-testid="monitor-window">
          Sparklines: the last {RANGE_LABELS[range] ?? range} in {periodWords(data.period)} periods (dashed: periods still filling). &ldquo;in&rdquo;: the last
          complete {periodWords(data.period)} period. Iterator age and throttling: the last {data.healthWindowMinutes} min.
        </p>
      ) : null}
      {data && !kiosk ? (
        <p className="small monitor-window" data-testid="monitor-legend">
          &ldquo;–&rdquo;: no data in the window. A sparkline&apos;s scale runs from 0 to the value at its top left.
        </p>
      ) : null}
      {monitor.error && !data ? <ErrorPanel error={monitor.error} action="load the on-call screen" /> : null}
      {data && data.tiles.length === 0 ? <p>No streams to show.</p> : null}
      {data ? (
        <div
          className="tiles"
          ref={tilesRef}
          data-columns={wall?.columns}
          data-rows={wall?.rows}
          style={
            wall ? { gridTemplateColumns: `repeat(${wall.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${wall.rows}, minmax(0, 1fr))` } : undefined
          }
        >
          {data.tiles.map((t) => (
            <MonitorTile
              key={`${t.scope.target}/${t.scope.region}/${t.stream}`}
              tile={t}
              showScope={data.scopes.length > 1}
              freshness={{ age, stale }}
              partialFrom={partialFrom}
              latestLabel={kiosk ? "" : `last full ${periodWords(data.period)}`}
              kiosk={kiosk}
            />
          ))}
        </div>
      ) : null}
      {data && !kiosk ? (
        <p className="small monitor-note">
          Health: critical when an alarm is in ALARM, iterator age ≥ {formatAge(data.thresholds.iteratorAgeCritMs)} or ≥ {data.thresholds.throttleCrit}{" "}
          throttled requests; warning from {formatAge(data.thresholds.iteratorAgeWarnMs)} or {data.thresholds.throttleWarn} throttled request
          {data.thresholds.throttleWarn === 1 ? "" : "s"}. Set them with SHARDSCOPE_MONITOR_* or ?ageWarn=&amp;ageCrit= (seconds)
          &amp;throttleWarn=&amp;throttleCrit= in this URL; choose streams with ?streams=a,b.
        </p>
      ) : null}
    </div>
  );
}
