"use client";
// The streams list: filter by name, sort, and a virtualized table that asks for each stream's
// summary only when its row is on screen (the server rate-limits DescribeStreamSummary), and for
// the health of the rows on screen at once: the on-call screen's answer for those streams (their
// incoming rate, iterator age, throttling and alarms: one GetMetricData call for up to 70 rows).
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import type { StreamListItem, StreamSummary } from "@/lib/streams/types";
import { useScope } from "@/lib/queries/scope";
import { streamSummaryOptions, useStreamList } from "@/lib/queries/streams";
import { useUrlState } from "@/lib/queries/use-url-state";
import { filterAndSortStreams, STREAM_SORT_KEYS, type SortDirection, type StreamSortKey } from "@/lib/streams/filter-and-sort";
import { ErrorPanel } from "@/components/ui/error-panel";
import { formatBytesPerSecond, formatRetention, formatTime } from "@/lib/format/format";
import type { MonitorTile } from "@/lib/metrics/types";
import { monitorOptions } from "@/lib/queries/metrics";
import { useScopedHref } from "@/lib/queries/scope";

const ROW_HEIGHT = 38;
/** The scroll area before it is measured: 72vh of a 1000 px tall window. */
const INITIAL_RECT = { width: 1280, height: 720 };
const COLUMNS: { key: StreamSortKey | "health" | "incoming"; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Name" },
  { key: "health", label: "Health" },
  { key: "incoming", label: "Incoming", numeric: true },
  { key: "status", label: "Status" },
  { key: "mode", label: "Capacity mode" },
  { key: "openShardCount", label: "Open shards", numeric: true },
  { key: "retentionHours", label: "Retention", numeric: true },
  { key: "encryption", label: "Encryption" },
  { key: "createdAt", label: "Created (UTC)" },
];
const GRID = "minmax(200px, 2fr) 150px 150px 100px 130px 100px 90px 100px 170px";
const isSortKey = (k: string): k is StreamSortKey => (STREAM_SORT_KEYS as readonly string[]).includes(k);

const HEALTH_BADGE: Record<MonitorTile["health"]["state"], { label: string; className: string }> = {
  critical: { label: "critical", className: "badge bad" },
  error: { label: "error", className: "badge bad" },
  warning: { label: "warning", className: "badge warn" },
  unknown: { label: "no data", className: "badge" },
  ok: { label: "ok", className: "badge ok" },
};

/** The health cell: the state, and the alarms firing; why, in the cell's title. */
function HealthCell({ tile, loading, unavailable }: { tile?: MonitorTile; loading: boolean; unavailable?: string }) {
  if (!tile) return <span title={unavailable}>{loading ? "…" : "–"}</span>;
  const badge = HEALTH_BADGE[tile.health.state];
  const firing = tile.alarms.filter((a) => a.state === "ALARM");
  const why = [...tile.health.reasons, ...tile.alarms.map((a) => `alarm ${a.name}: ${a.state}`)].join("\n");
  return (
    <span title={why || undefined} data-testid="stream-health" data-state={tile.health.state}>
      <span className={badge.className}>{badge.label}</span>
      {firing.length > 0 ? <span className="small"> {firing.length === 1 ? firing[0]!.name : `${firing.length} alarms`}</span> : null}
    </span>
  );
}

function statusClass(status: string | undefined): string {
  if (status === "ACTIVE") return "badge ok";
  if (status === "CREATING" || status === "UPDATING") return "badge warn";
  if (status === "DELETING") return "badge bad";
  return "badge";
}

export function StreamsTable() {
  const href = useScopedHref();
  const list = useStreamList();
  const scope = useScope();
  const [params, setParams] = useUrlState();
  // The view state lives here and is mirrored to the URL: URL updates land asynchronously, so
  // reading them back would lose keystrokes and quick clicks.
  const [filter, setFilter] = useState(() => params.get("q") ?? "");
  const [{ sortKey, direction }, setSortState] = useState<{ sortKey: StreamSortKey; direction: SortDirection }>(() => ({
    sortKey: (STREAM_SORT_KEYS as readonly string[]).includes(params.get("sort") ?? "") ? (params.get("sort") as StreamSortKey) : "name",
    direction: params.get("dir") === "desc" ? "desc" : "asc",
  }));

  const names = useMemo(() => list.data?.streams.map((s) => s.name) ?? [], [list.data]);
  const scrollRef = useRef<HTMLDivElement>(null);

  // Rows on screen decide which summaries are fetched; the rest stay as the list gave them.
  const [visibleKey, setVisibleKey] = useState("");
  const visible = useMemo(() => new Set(visibleKey.split("\n")), [visibleKey]);
  const summaries = useQueries({
    queries: names.map((name) => ({ ...streamSummaryOptions(scope, name), enabled: visible.has(name) })),
    combine: (results) => {
      const byName = new Map<string, { data?: StreamSummary; error: unknown }>();
      results.forEach((r, i) => byName.set(names[i] ?? "", { data: r.data, error: r.error }));
      return byName;
    },
  });

  // Health of the rows on screen, in one request, kept while the rows change.
  const onScreenNames = useMemo(() => [...visible].filter(Boolean).sort(), [visible]);
  const health = useQuery({
    ...monitorOptions(scope, { streams: onScreenNames.join(","), range: "15m" }),
    enabled: onScreenNames.length > 0,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const tiles = useMemo(() => new Map((health.data?.tiles ?? []).map((t) => [t.stream, t])), [health.data]);
  const healthUnavailable = health.error instanceof Error ? `Health unavailable: ${health.error.message}` : undefined;

  const rows = useMemo(() => {
    const merged: StreamListItem[] = (list.data?.streams ?? []).map((s) => ({ ...s, ...summaries.get(s.name)?.data }));
    return filterAndSortStreams(merged, filter, sortKey, direction);
  }, [list.data, summaries, filter, sortKey, direction]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    // Before the table is measured (on the server, and in the browser's first render, which must
    // match it) the rows of a common screen are rendered, so that the names are in the page's HTML.
    initialRect: INITIAL_RECT,
  });
  const items = virtualizer.getVirtualItems();
  const onScreen = items.map((i) => rows[i.index]?.name ?? "").join("\n");
  useEffect(() => {
    if (onScreen !== visibleKey) setVisibleKey(onScreen);
  }, [onScreen, visibleKey]);

  const setSort = (key: StreamSortKey) => {
    const dir: SortDirection = key === sortKey && direction === "asc" ? "desc" : "asc";
    setSortState({ sortKey: key, direction: dir });
    setParams({ sort: key === "name" ? undefined : key, dir: dir === "asc" ? undefined : dir });
  };

  return (
    <section>
      <div className="row mb-12">
        <h1>Streams</h1>
        <span className="muted" data-testid="stream-count">
          {list.data ? `${rows.length} of ${list.data.streams.length}` : ""}
        </span>
        <span className="spacer" />
        <input
          type="search"
          placeholder="Filter by name"
          aria-label="Filter streams by name"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            setParams({ q: e.target.value });
          }}
          className="w-260"
        />
        <button onClick={() => list.refetch()} disabled={list.isFetching}>
          {list.isFetching ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      {list.error ? <ErrorPanel error={list.error} action="list streams" /> : null}
      {list.isPending ? <p className="skeleton">Loading streams…</p> : null}
      {list.data && list.data.streams.length === 0 ? <div className="panel empty">No streams in this account and region.</div> : null}
      {list.data && list.data.streams.length > 0 ? (
        <div
          ref={scrollRef}
          className="virtual-scroll"
          style={{ height: `min(72vh, ${(rows.length + 1) * ROW_HEIGHT + 4}px)` }}
          role="table"
          aria-label="Streams"
        >
          <div className="vrow header" style={{ gridTemplateColumns: GRID, height: ROW_HEIGHT }} role="row">
            {COLUMNS.map((c) => {
              const key = c.key;
              return isSortKey(key) ? (
                <div key={key} role="columnheader" aria-sort={key === sortKey ? (direction === "asc" ? "ascending" : "descending") : "none"}>
                  <button className="sort" onClick={() => setSort(key)}>
                    {c.label}
                    {key === sortKey ? (direction === "asc" ? " ▲" : " ▼") : ""}
                  </button>
                </div>
              ) : (
                <div key={key} role="columnheader" className={c.numeric ? "text-right" : undefined} title="From CloudWatch, the last full minute">
                  {c.label}
                </div>
              );
            })}
          </div>
          <div className="vbody" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const s = rows[item.index];
              if (!s) return null;
              const summary = summaries.get(s.name);
              const loading = !summary?.data && !summary?.error;
              return (
                <Link
                  key={s.name}
                  href={href(`/streams/${encodeURIComponent(s.name)}`)}
                  className="vrow placed"
                  role="row"
                  data-testid="stream-row"
                  data-stream={s.name}
                  style={{ gridTemplateColumns: GRID, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <div role="cell" className="stream-name">
                    {s.name}
                  </div>
                  <div role="cell">
                    <HealthCell tile={tiles.get(s.name)} loading={health.isFetching} unavailable={healthUnavailable} />
                  </div>
                  <div role="cell" className="num text-right" data-testid="stream-incoming">
                    {(() => {
                      const t = tiles.get(s.name);
                      if (!t || t.incomingBytesPerSecond === null) return t || !health.isFetching ? "–" : "…";
                      const records = t.incomingRecordsPerSecond;
                      return `${formatBytesPerSecond(t.incomingBytesPerSecond)}${records === null ? "" : ` · ${records < 10 ? records.toFixed(1) : Math.round(records)}/s`}`;
                    })()}
                  </div>
                  <div role="cell">
                    {summary?.error ? (
                      <span className="badge bad" title={summary.error instanceof Error ? summary.error.message : ""}>
                        error
                      </span>
                    ) : s.status ? (
                      <span className={statusClass(s.status)}>{s.status}</span>
                    ) : (
                      <span className="skeleton">…</span>
                    )}
                  </div>
                  <div role="cell">{s.mode ?? (loading ? "…" : "–")}</div>
                  <div role="cell" className="num text-right">
                    {s.openShardCount ?? (loading ? "…" : "–")}
                  </div>
                  <div role="cell" className="text-right">
                    {s.retentionHours !== undefined ? formatRetention(s.retentionHours) : loading ? "…" : "–"}
                  </div>
                  <div role="cell">{s.encryption ?? (loading ? "…" : "–")}</div>
                  <div role="cell" className="mono">
                    {s.createdAt ? formatTime(s.createdAt).slice(0, 19) : loading ? "…" : "–"}
                  </div>
                </Link>
              );
            })}
          </div>
        </div>
      ) : null}
      <p className="muted small">Details load as rows scroll into view; sorting uses the details loaded so far.</p>
    </section>
  );
}
