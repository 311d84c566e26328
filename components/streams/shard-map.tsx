"use client";
// Draws the 0 … 2^128 − 1 hash key space: a row per shard generation, open shards coloured by
// their traffic (the busiest hottest), closed ones dashed, arrows from parents to children. Every
// shard is a button: Tab reaches it, Enter or Space selects it.
import { useMemo, type KeyboardEvent } from "react";
import { formatBytesPerSecond } from "@/lib/format/format";
import type { ShardView } from "@/lib/streams/types";
import { layoutShardMap } from "@/lib/streams/shard-map-layout";
import { heatColor, heatOf, maxTraffic, type ShardTraffic } from "@/lib/streams/shard-heat";

/** Traffic per shard id, and where it comes from (said under the map). */
export interface ShardMapTraffic {
  byShard: ReadonlyMap<string, ShardTraffic>;
  source: string;
}

const WIDTH = 1000;
const ROW = 46;
const GAP = 26;
const TOP = 22;

const shortId = (id: string) => id.replace(/^shardId-0*(?=\d)/, "#");

const rate = (t: ShardTraffic | undefined) =>
  t
    ? `${formatBytesPerSecond(t.bytesPerSecond)}${t.recordsPerSecond === undefined ? "" : `, ${Math.round(t.recordsPerSecond * 10) / 10} records/s`}`
    : "no traffic measured";

export function ShardMap({
  shards,
  selected,
  onSelect,
  traffic,
}: {
  shards: ShardView[];
  selected?: string;
  onSelect: (id: string) => void;
  traffic?: ShardMapTraffic;
}) {
  const layout = useMemo(() => layoutShardMap(shards), [shards]);
  const max = traffic ? maxTraffic(traffic.byShard) : 0;
  if (shards.length === 0) return <p className="muted">This stream has no shards.</p>;
  const height = TOP + layout.generations * (ROW + GAP) + 4;
  const pos = new Map(layout.boxes.map((b) => [b.shard.shardId, b]));
  const y = (gen: number) => TOP + gen * (ROW + GAP);
  return (
    <div className="shard-map" data-testid="shard-map">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-label={`Shard map: ${shards.filter((s) => s.open).length} open shards over the hash key space`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b" />
          </marker>
        </defs>
        <text className="axis" x={0} y={12}>
          0
        </text>
        <text className="axis" x={WIDTH / 2} y={12} textAnchor="middle">
          2^127
        </text>
        <text className="axis" x={WIDTH} y={12} textAnchor="end">
          2^128 − 1
        </text>
        {layout.links.map((l) => {
          const from = pos.get(l.from);
          const to = pos.get(l.to);
          if (!from || !to) return null;
          const x1 = ((from.x0 + from.x1) / 2) * WIDTH;
          const x2 = ((to.x0 + to.x1) / 2) * WIDTH;
          return <path key={`${l.from}-${l.to}`} className="link" d={`M ${x1} ${y(from.generation) + ROW} L ${x2} ${y(to.generation) - 2}`} />;
        })}
        {layout.boxes.map((b) => {
          const x = b.x0 * WIDTH;
          const w = Math.max(2, (b.x1 - b.x0) * WIDTH - 2);
          const id = b.shard.shardId;
          const t = traffic?.byShard.get(id);
          const heat = b.shard.open && traffic ? heatOf(t, max) : undefined;
          const label = `${id}, ${b.shard.open ? "open" : "closed"}, ${(b.share * 100).toFixed(1)}% of the key space${traffic && b.shard.open ? `, ${rate(t)}` : ""}`;
          const onKeyDown = (e: KeyboardEvent) => {
            if (e.key === "Enter" || e.key === " ") {
              e.preventDefault();
              onSelect(id);
            }
          };
          return (
            <g
              key={id}
              onClick={() => onSelect(id)}
              onKeyDown={onKeyDown}
              tabIndex={0}
              role="button"
              aria-label={label}
              aria-pressed={selected === id}
              className="clickable"
              data-testid="shard-map-box"
              data-shard={id}
              data-open={b.shard.open}
              data-heat={heat === undefined ? undefined : heat.toFixed(2)}
            >
              <title>
                {`${id} (${b.shard.open ? "open" : "closed"})\nhash keys ${b.shard.hashKeyRange.start} … ${b.shard.hashKeyRange.end}\n${(b.share * 100).toFixed(2)}% of the key space${traffic && b.shard.open ? `\n${rate(t)}` : ""}`}
              </title>
              <rect
                className={`box ${b.shard.open ? "open" : "closed"} ${selected === id ? "selected" : ""}`}
                x={x + 1}
                y={y(b.generation)}
                width={w}
                height={ROW}
                rx={4}
                style={heat === undefined ? undefined : { fill: heatColor(heat) }}
              />
              {w > 44 ? (
                <text x={x + 1 + w / 2} y={y(b.generation) + ROW / 2 - 2} textAnchor="middle">
                  {shortId(id)}
                </text>
              ) : null}
              {w > 70 ? (
                <text x={x + 1 + w / 2} y={y(b.generation) + ROW / 2 + 12} textAnchor="middle" className="share">
                  {heat !== undefined && t ? formatBytesPerSecond(t.bytesPerSecond) : `${(b.share * 100).toFixed(1)}%`}
                  {b.shard.open ? "" : " · closed"}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      {layout.gaps.length > 0 ? <p className="badge warn">The open shards leave {layout.gaps.length} part(s) of the hash key space uncovered.</p> : null}
      {traffic ? (
        <p className="small shard-map-legend" data-testid="shard-map-legend">
          <span
            className="heat-scale"
            aria-hidden="true"
            style={{ background: `linear-gradient(to right, ${heatColor(0)}, ${heatColor(0.5)}, ${heatColor(1)})` }}
          />
          {max > 0 ? `Colour: incoming bytes/s per shard, 0 to ${formatBytesPerSecond(max)}` : "No incoming traffic measured yet"} — {traffic.source}.
        </p>
      ) : null}
      <p className="muted small">
        Rows are generations: a split or merge puts the children one row below their parents. Click a shard (or Tab to it and press Enter) to highlight it in
        the table.
      </p>
    </div>
  );
}
