"use client";
// A small line chart in plain SVG for the per-shard rows: fifty of them must stay cheap, which
// fifty recharts instances are not. Gaps stay gaps; hovering shows the moment and values, and a
// click reports the moment, like MetricChart (or, where no series has data, says so). Points from
// `partialFrom` on (periods still filling) are drawn dashed and dimmed. A scale (the top value and
// 0) sits left of the plot, and a legend names each line and the limit.
import { useState } from "react";
import { CHART_COLORS, hasDataAt, type ChartSeries } from "./metric-chart";

const W = 400;

export function MiniChart(props: {
  id: string;
  timestamps: number[];
  /** Index of the first slot whose period is still filling (default: none is). */
  partialFrom?: number;
  series: ChartSeries[];
  /** y of a dashed reference line (e.g. 100 for the shard limit), always inside the y range. */
  limit?: number;
  height?: number;
  format: (v: number) => string;
  onPointClick?: (index: number, at: number) => void;
  clickHint?: string;
}) {
  const { timestamps, series, limit, format } = props;
  const height = props.height ?? 56;
  const [hover, setHover] = useState<number | undefined>();
  const [noDataAt, setNoDataAt] = useState<number | undefined>();
  const n = timestamps.length;
  const cut = Math.max(0, Math.min(props.partialFrom ?? n, n));
  const max = Math.max(limit ?? 0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)), 1e-9);
  const x = (i: number) => (n <= 1 ? W / 2 : (i / (n - 1)) * W);
  const y = (v: number) => height - 2 - (v / max) * (height - 6);
  const indexAt = (clientX: number, rect: DOMRect) => Math.max(0, Math.min(n - 1, Math.round(((clientX - rect.left) / rect.width) * (n - 1))));
  const points = series.reduce((c, s) => c + s.values.filter((v) => v !== null).length, 0);

  if (points === 0) {
    return (
      <div className="chart-message" style={{ height }} data-testid={`chart-${props.id}`} data-state="empty">
        No data points in this window.
      </div>
    );
  }
  return (
    <div className="mini-chart" data-testid={`chart-${props.id}`} data-state="ready">
      <div className="mini-plot-row">
        <div className="mini-scale" style={{ height }} data-testid="mini-scale" aria-hidden="true">
          <span>{format(max)}</span>
          <span>{format(0)}</span>
        </div>
        <div
          data-testid="chart-plot"
          data-first={timestamps[0]}
          data-last={timestamps.at(-1)}
          className={props.onPointClick ? "mini-plot clickable" : "mini-plot"}
          style={{ height }}
        >
          <svg
            viewBox={`0 0 ${W} ${height}`}
            preserveAspectRatio="none"
            width="100%"
            height={height}
            onMouseMove={(e) => setHover(indexAt(e.clientX, e.currentTarget.getBoundingClientRect()))}
            onMouseLeave={() => setHover(undefined)}
            onClick={(e) => {
              const i = indexAt(e.clientX, e.currentTarget.getBoundingClientRect());
              const t = timestamps[i];
              if (!props.onPointClick || t === undefined) return;
              if (!hasDataAt(series, i)) return setNoDataAt(t);
              setNoDataAt(undefined);
              props.onPointClick(i, t);
            }}
          >
            {limit !== undefined ? (
              <line x1={0} x2={W} y1={y(limit)} y2={y(limit)} stroke="#d97706" strokeDasharray="6 3" vectorEffect="non-scaling-stroke" />
            ) : null}
            {series.map((s, si) => {
              const trace = (from: number, to: number) => {
                let d = "";
                let pen = false;
                for (let i = from; i < to; i++) {
                  const v = s.values[i] ?? null;
                  if (v === null) {
                    pen = false;
                    continue;
                  }
                  d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
                  pen = true;
                }
                return d;
              };
              const dots: number[] = [];
              s.values.forEach((v, i) => {
                if (v !== null && (s.values[i - 1] ?? null) === null && (s.values[i + 1] ?? null) === null) dots.push(i);
              });
              const color = CHART_COLORS[si % CHART_COLORS.length];
              const partial = s.values.slice(cut).some((v) => v !== null);
              return (
                <g key={s.key}>
                  <path d={trace(0, cut)} fill="none" stroke={color} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
                  {partial ? (
                    <path
                      d={trace(Math.max(0, cut - 1), n)}
                      fill="none"
                      stroke={color}
                      strokeWidth={1.5}
                      strokeDasharray="4 3"
                      strokeOpacity={0.55}
                      vectorEffect="non-scaling-stroke"
                      data-testid="mini-chart-partial"
                    />
                  ) : null}
                  {dots.map((i) => (
                    <line
                      key={i}
                      x1={x(i)}
                      x2={x(i)}
                      y1={y(s.values[i] ?? 0) - 0.01}
                      y2={y(s.values[i] ?? 0)}
                      stroke={color}
                      strokeWidth={5}
                      strokeLinecap="round"
                      vectorEffect="non-scaling-stroke"
                    />
                  ))}
                </g>
              );
            })}
            {hover !== undefined ? <line x1={x(hover)} x2={x(hover)} y1={0} y2={height} stroke="#94a3b8" vectorEffect="non-scaling-stroke" /> : null}
          </svg>
        </div>
      </div>
      <div className="legend small mini-legend" data-testid="mini-legend">
        {series.map((s, si) => (
          <span key={s.key}>
            <i style={{ background: CHART_COLORS[si % CHART_COLORS.length] }} />
            {s.label}
          </span>
        ))}
        {limit !== undefined ? (
          <span className="threshold">
            <i />
            limit ({format(limit)})
          </span>
        ) : null}
      </div>
      {hover !== undefined && timestamps[hover] !== undefined ? (
        <div className="chart-tooltip mini-tooltip" data-testid="chart-tooltip" data-time={new Date(timestamps[hover]).toISOString()}>
          <b>{new Date(timestamps[hover]).toISOString().replace("T", " ").slice(0, 19)} UTC</b>
          {series.map((s) => {
            const v = s.values[hover];
            return (
              <div key={s.key}>
                {s.label}: {v === null || v === undefined ? "no data" : format(v)}
              </div>
            );
          })}
          {hover >= cut && hasDataAt(series, hover) ? <div className="small">partial: this period is still filling</div> : null}
          {props.clickHint && hasDataAt(series, hover) ? <div className="muted small">{props.clickHint}</div> : null}
        </div>
      ) : null}
      {noDataAt !== undefined ? (
        <div className="small chart-no-data" role="status" data-testid="chart-no-data">
          No data at {new Date(noDataAt).toISOString().replace("T", " ").slice(0, 19)} UTC: no records to open from that period.
        </div>
      ) : null}
    </div>
  );
}
