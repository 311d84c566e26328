"use client";
// A time-series chart around recharts with explicit loading, error, empty and stale states.
// Gaps stay gaps (null breaks the line; a lone point gets a dot), alarm thresholds are drawn as
// reference lines, and a click on a point reports that moment so the caller can open its records.
import { memo, useMemo, useState, type ReactNode } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartUnit } from "@/lib/metrics/catalog";
import { formatMetric } from "@/lib/metrics/format";

export interface ChartSeries {
  key: string;
  label: string;
  values: (number | null)[];
}

export interface ChartThreshold {
  y: number;
  label: string;
  alarm: boolean;
}

export type ChartStatus = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; stale?: string };

export interface MetricChartProps {
  id: string;
  title: ReactNode;
  unit: ChartUnit;
  /** Epoch ms of each slot; every series has one value per slot. */
  timestamps: number[];
  series: ChartSeries[];
  thresholds?: ChartThreshold[];
  status: ChartStatus;
  height?: number;
  /** Called with the slot index and its time when a point is clicked. */
  onPointClick?: (index: number, at: number) => void;
  clickHint?: string;
  footer?: ReactNode;
}

export const CHART_COLORS = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#0891b2", "#db2777", "#65a30d", "#b45309"];

const timeLabel = (t: number, spanMs: number) => {
  const iso = new Date(t).toISOString();
  return spanMs > 2 * 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
};

export const MetricChart = memo(function MetricChart(props: MetricChartProps) {
  const { id, title, unit, timestamps, series, thresholds = [], status, height = 220, onPointClick } = props;
  const [showData, setShowData] = useState(false);
  const format = (v: number) => formatMetric(v, unit);

  const data = useMemo(
    () =>
      timestamps.map((t, i) => {
        const row: Record<string, number | null> = { t };
        for (const s of series) row[s.key] = s.values[i] ?? null;
        return row;
      }),
    [timestamps, series],
  );
  const pointCount = series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0);
  const span = (timestamps.at(-1) ?? 0) - (timestamps[0] ?? 0);
  const stale = status.kind === "ready" ? status.stale : undefined;

  let body: ReactNode;
  if (status.kind === "loading") {
    body = (
      <p className="skeleton" style={{ height }}>
        Loading CloudWatch metrics…
      </p>
    );
  } else if (status.kind === "error") {
    body = (
      <div className="chart-message bad" style={{ height }} role="alert" data-testid="chart-error">
        {status.message}
      </div>
    );
  } else if (pointCount === 0) {
    body = (
      <div className="chart-message" style={{ height }} data-testid="chart-empty">
        No data points in this window.
      </div>
    );
  } else {
    body = (
      <div
        className={onPointClick ? "clickable" : undefined}
        style={{ height }}
        data-testid="chart-plot"
        data-first={timestamps[0]}
        data-last={timestamps.at(-1)}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={data}
            margin={{ top: 8, right: 12, bottom: 0, left: 4 }}
            onClick={(state) => {
              const index = Number(state?.activeTooltipIndex);
              const t = timestamps[index];
              if (onPointClick && Number.isInteger(index) && t !== undefined) onPointClick(index, t);
            }}
          >
            <CartesianGrid stroke="#e5e7eb" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[timestamps[0] ?? 0, timestamps.at(-1) ?? 0]}
              tickFormatter={(t: number) => timeLabel(t, span)}
              tick={{ fontSize: 11 }}
              minTickGap={28}
            />
            <YAxis tickFormatter={(v: number) => format(v)} tick={{ fontSize: 11 }} width={74} domain={[0, "auto"]} />
            <Tooltip
              isAnimationActive={false}
              content={({ active, label, payload }) =>
                active && typeof label === "number" ? (
                  <div className="chart-tooltip" data-testid="chart-tooltip" data-time={new Date(label).toISOString()}>
                    <b>{new Date(label).toISOString().replace("T", " ").slice(0, 19)} UTC</b>
                    {(payload ?? []).map((p) => (
                      <div key={String(p.dataKey)} style={{ color: p.color }}>
                        {series.find((s) => s.key === p.dataKey)?.label ?? String(p.dataKey)}: {typeof p.value === "number" ? format(p.value) : "no data"}
                      </div>
                    ))}
                    {props.clickHint ? <div className="muted small">{props.clickHint}</div> : null}
                  </div>
                ) : null
              }
            />
            {thresholds.map((th, i) => (
              <ReferenceLine
                key={`th-${i}`}
                y={th.y}
                stroke={th.alarm ? "#dc2626" : "#d97706"}
                strokeDasharray="6 3"
                ifOverflow="extendDomain"
                label={{ value: th.label, position: "insideTopRight", fontSize: 11, fill: th.alarm ? "#b91c1c" : "#92400e" }}
              />
            ))}
            {series.map((s, i) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={CHART_COLORS[i % CHART_COLORS.length]}
                strokeWidth={2}
                connectNulls={false}
                isAnimationActive={false}
                activeDot={{ r: 4 }}
                // A point between two gaps has no line to show it: draw it as a dot.
                dot={(p: { cx?: number; cy?: number; index?: number }) => {
                  const k = p.index ?? 0;
                  const lone = s.values[k] !== null && (s.values[k - 1] ?? null) === null && (s.values[k + 1] ?? null) === null;
                  return lone && p.cx !== undefined && p.cy !== undefined ? (
                    <circle key={`${s.key}-${k}`} cx={p.cx} cy={p.cy} r={2.5} fill={CHART_COLORS[i % CHART_COLORS.length]} />
                  ) : (
                    <g key={`${s.key}-${k}`} />
                  );
                }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    );
  }

  return (
    <section
      className={`panel metric-chart${stale ? " stale" : ""}`}
      aria-label={typeof title === "string" ? title : id}
      data-testid={`chart-${id}`}
      data-state={status.kind === "ready" ? (stale ? "stale" : pointCount ? "ready" : "empty") : status.kind}
    >
      <div className="row mb-6">
        <h3 className="m-0">{title}</h3>
        <span className="spacer" />
        {stale ? (
          <span className="badge warn" data-testid="chart-stale" title={stale}>
            stale
          </span>
        ) : null}
        {status.kind === "ready" && pointCount > 0 ? (
          <button className="link-button small" onClick={() => setShowData((v) => !v)} aria-expanded={showData} data-testid="chart-data-toggle">
            {showData ? "Hide data" : "Data"}
          </button>
        ) : null}
      </div>
      {series.length > 1 && status.kind === "ready" && pointCount > 0 ? (
        <div className="legend small">
          {series.map((s, i) => (
            <span key={s.key}>
              <i style={{ background: CHART_COLORS[i % CHART_COLORS.length] }} />
              {s.label}
            </span>
          ))}
        </div>
      ) : null}
      {thresholds.length > 0 ? (
        <div className="legend small">
          {thresholds.map((th, i) => (
            <span key={`th-${i}`} data-testid="chart-threshold" className={th.alarm ? "threshold alarm" : "threshold"}>
              <i />
              {th.label}
            </span>
          ))}
        </div>
      ) : null}
      {stale ? <div className="small stale-note">{stale}</div> : null}
      {body}
      {showData && status.kind === "ready" ? <DataTable timestamps={timestamps} series={series} format={format} /> : null}
      {props.footer}
    </section>
  );
});

/** The chart's numbers as a table: what a screen reader reads, and what tests check. */
function DataTable({ timestamps, series, format }: { timestamps: number[]; series: ChartSeries[]; format: (v: number) => string }) {
  const rows = timestamps.map((t, i) => ({ t, i })).filter(({ i }) => series.some((s) => s.values[i] !== null && s.values[i] !== undefined));
  return (
    <div className="chart-data">
      <table className="data small" data-testid="chart-data">
        <thead>
          <tr>
            <th>Period start (UTC)</th>
            {series.map((s) => (
              <th key={s.key} className="num">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ t, i }) => (
            <tr key={t} data-time={new Date(t).toISOString()}>
              <td className="mono">{new Date(t).toISOString().replace("T", " ").slice(0, 19)}</td>
              {series.map((s) => {
                const v = s.values[i];
                return (
                  <td key={s.key} className="num" data-key={s.key} data-value={v ?? ""}>
                    {v === null || v === undefined ? "–" : format(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {timestamps.length - rows.length} of {timestamps.length} periods had no data point.
      </p>
    </div>
  );
}
