"use client";
// A time-series chart around recharts with explicit loading, error, empty and stale states.
// Gaps stay gaps (null breaks the line; a lone point gets a dot), alarm thresholds are drawn as
// reference lines, and a click on a point reports that moment so the caller can open its records
// (a click where no series has data says so instead). Points from `partialFrom` on are periods
// still filling: drawn dashed over a shaded band and marked partial in the tooltip and the table.
import { memo, useMemo, useState, type ReactNode } from "react";
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartUnit } from "@/lib/metrics/catalog";
import { niceTimeTicks, niceValueTicks, seriesWithData } from "@/lib/metrics/chart-axes";
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
  /** Index of the first slot whose period is still filling (default: none is). */
  partialFrom?: number;
  /** Called with the slot index and its time when a point is clicked. */
  onPointClick?: (index: number, at: number) => void;
  clickHint?: string;
  footer?: ReactNode;
}

export const CHART_COLORS = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#0891b2", "#db2777", "#65a30d", "#b45309"];

const PARTIAL = "__partial";
const utc = (t: number) => `${new Date(t).toISOString().replace("T", " ").slice(0, 19)} UTC`;
/** Whether any series has a value at a slot. */
export const hasDataAt = (series: readonly ChartSeries[], index: number) => series.some((s) => s.values[index] !== null && s.values[index] !== undefined);

const timeLabel = (t: number, spanMs: number) => {
  const iso = new Date(t).toISOString();
  return spanMs > 2 * 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
};

export const MetricChart = memo(function MetricChart(props: MetricChartProps) {
  const { id, title, unit, timestamps, thresholds = [], status, height = 220, onPointClick } = props;
  // A series without a single data point gets no line, no legend entry and no column.
  const series = useMemo(() => seriesWithData(props.series), [props.series]);
  const [showData, setShowData] = useState(false);
  const [noDataAt, setNoDataAt] = useState<number | undefined>();
  const format = (v: number) => formatMetric(v, unit);
  const cut = Math.max(0, Math.min(props.partialFrom ?? timestamps.length, timestamps.length));
  const partialSeries = series.filter((s) => s.values.slice(cut).some((v) => v !== null && v !== undefined));

  const data = useMemo(
    () =>
      timestamps.map((t, i) => {
        const row: Record<string, number | null> = { t };
        for (const s of series) {
          const v = s.values[i] ?? null;
          row[s.key] = i < cut ? v : null;
          // The dashed part starts at the last complete point, so the line continues.
          row[s.key + PARTIAL] = i >= cut - 1 ? v : null;
        }
        return row;
      }),
    [timestamps, series, cut],
  );
  const pointCount = series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0);
  const span = (timestamps.at(-1) ?? 0) - (timestamps[0] ?? 0);
  const timeTicks = useMemo(() => niceTimeTicks(timestamps[0] ?? 0, timestamps.at(-1) ?? 0), [timestamps]);
  const valueTicks = useMemo(() => {
    let max = 0;
    for (const s of series) for (const v of s.values) if (v !== null && v > max) max = v;
    for (const th of thresholds) if (th.y > max) max = th.y;
    return niceValueTicks(max, 4, unit === "bytes/s");
  }, [series, thresholds, unit]);
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
        data-partial-from={partialSeries.length > 0 ? new Date(timestamps[cut]!).toISOString() : undefined}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={data}
            margin={{ top: 8, right: 12, bottom: 0, left: 4 }}
            onClick={(state) => {
              const index = Number(state?.activeTooltipIndex);
              const t = timestamps[index];
              if (!onPointClick || !Number.isInteger(index) || t === undefined) return;
              // Nothing was measured there: say so rather than open the records of an empty moment.
              if (!hasDataAt(series, index)) return setNoDataAt(t);
              setNoDataAt(undefined);
              onPointClick(index, t);
            }}
          >
            <CartesianGrid stroke="#e5e7eb" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[timestamps[0] ?? 0, timestamps.at(-1) ?? 0]}
              ticks={timeTicks}
              tickFormatter={(t: number) => timeLabel(t, span)}
              tick={{ fontSize: 11 }}
              minTickGap={28}
              height={34}
              label={{ value: "UTC", position: "insideBottomRight", offset: 0, fontSize: 10, fill: "#64748b" }}
            />
            <YAxis ticks={valueTicks} tickFormatter={(v: number) => format(v)} tick={{ fontSize: 11 }} width={74} domain={[0, valueTicks.at(-1) ?? "auto"]} />
            <Tooltip
              isAnimationActive={false}
              content={({ active, label }) => {
                if (!active || typeof label !== "number") return null;
                const index = timestamps.indexOf(label);
                const any = index >= 0 && hasDataAt(series, index);
                return (
                  <div className="chart-tooltip" data-testid="chart-tooltip" data-time={new Date(label).toISOString()} data-empty={!any}>
                    <b>{utc(label)}</b>
                    {any ? (
                      series.map((s, i) => {
                        const v = s.values[index];
                        return (
                          <div key={s.key} style={{ color: CHART_COLORS[i % CHART_COLORS.length] }}>
                            {s.label}: {v === null || v === undefined ? "no data" : format(v)}
                          </div>
                        );
                      })
                    ) : (
                      <div>No data in this period.</div>
                    )}
                    {any && index >= cut ? <div className="small">partial: this period is still filling</div> : null}
                    {any && props.clickHint ? <div className="muted small">{props.clickHint}</div> : null}
                  </div>
                );
              }}
            />
            {partialSeries.length > 0 ? (
              <ReferenceArea
                x1={timestamps[Math.max(0, cut - 1)]}
                x2={timestamps.at(-1)}
                fill="#94a3b8"
                fillOpacity={0.12}
                ifOverflow="hidden"
                label={{ value: "partial", position: "insideTop", fontSize: 10, fill: "#64748b" }}
              />
            ) : null}
            {thresholds.map((th, i) => (
              <ReferenceLine
                key={`th-${i}`}
                y={th.y}
                stroke={th.alarm ? "#dc2626" : "#d97706"}
                strokeDasharray="6 3"
                ifOverflow="extendDomain"
                // No label inside the plot, where it would cover the line: the legend below names it.
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
                  const lone = k < cut && s.values[k] !== null && (s.values[k - 1] ?? null) === null && (s.values[k + 1] ?? null) === null;
                  return lone && p.cx !== undefined && p.cy !== undefined ? (
                    <circle key={`${s.key}-${k}`} cx={p.cx} cy={p.cy} r={2.5} fill={CHART_COLORS[i % CHART_COLORS.length]} />
                  ) : (
                    <g key={`${s.key}-${k}`} />
                  );
                }}
              />
            ))}
            {partialSeries.map((s) => (
              <Line
                key={s.key + PARTIAL}
                dataKey={s.key + PARTIAL}
                name={`${s.label} (partial)`}
                stroke={CHART_COLORS[series.indexOf(s) % CHART_COLORS.length]}
                strokeWidth={2}
                strokeDasharray="4 3"
                strokeOpacity={0.55}
                connectNulls={false}
                isAnimationActive={false}
                legendType="none"
                activeDot={false}
                dot={(p: { cx?: number; cy?: number; index?: number }) => {
                  const k = p.index ?? 0;
                  const lone = k >= cut && s.values[k] !== null && (s.values[k - 1] ?? null) === null && (s.values[k + 1] ?? null) === null;
                  return lone && p.cx !== undefined && p.cy !== undefined ? (
                    <circle key={`${s.key}-p${k}`} cx={p.cx} cy={p.cy} r={2.5} fill="none" stroke={CHART_COLORS[series.indexOf(s) % CHART_COLORS.length]} />
                  ) : (
                    <g key={`${s.key}-p${k}`} />
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
            <span key={s.key} data-testid="chart-legend-entry">
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
      {status.kind === "ready" && pointCount > 0 && partialSeries.length > 0 ? (
        <div className="small muted" data-testid="chart-partial-note">
          Dashed, shaded: {timestamps.length - cut === 1 ? "the last period is" : `the last ${timestamps.length - cut} periods are`} still filling (CloudWatch
          publishes Kinesis metrics about a minute late): a fall there is not yet a drop.
        </div>
      ) : null}
      {body}
      {noDataAt !== undefined && status.kind === "ready" && pointCount > 0 ? (
        <div className="small chart-no-data" role="status" data-testid="chart-no-data">
          No data at {utc(noDataAt)}: CloudWatch has no data point for that period, so there are no records to open from it.
        </div>
      ) : null}
      {showData && status.kind === "ready" ? <DataTable timestamps={timestamps} series={series} format={format} partialFrom={cut} /> : null}
      {props.footer}
    </section>
  );
});

/** The chart's numbers as a table: what a screen reader reads, and what tests check. */
function DataTable({
  timestamps,
  series,
  format,
  partialFrom,
}: {
  timestamps: number[];
  series: ChartSeries[];
  format: (v: number) => string;
  partialFrom: number;
}) {
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
            <tr key={t} data-time={new Date(t).toISOString()} data-partial={i >= partialFrom}>
              <td className="mono">
                {new Date(t).toISOString().replace("T", " ").slice(0, 19)}
                {i >= partialFrom ? " (partial)" : ""}
              </td>
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
