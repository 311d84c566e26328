// A consumer's lag over the last hour (sampled by Shardscope at each measurement, or CloudWatch's
// minutes): a small sparkline and, in words, whether it grows or shrinks and, when it shrinks,
// when it will have caught up at this pace.
import { formatSeconds } from "@/lib/format/format";
import { lagTrend, type LagSample } from "@/lib/consumers/lag-trend";
import type { LagHistory } from "@/lib/consumers/types";

const ARROW = { growing: "↑", shrinking: "↓", steady: "→", unknown: "" } as const;

const SOURCE_WORDS = { shardscope: "sampled by Shardscope", cloudwatch: "from CloudWatch" } as const;

/** The wire's points as samples (ms since the epoch), oldest first. */
export function samplesOf(history: LagHistory | undefined): LagSample[] {
  if (!history) return [];
  return history.points.flatMap((p) => {
    const at = Date.parse(p.at);
    return Number.isNaN(at) ? [] : [{ at, lagMillis: p.lagMillis }];
  });
}

export function trendWords(samples: readonly LagSample[]): string {
  const t = lagTrend(samples);
  switch (t.direction) {
    case "unknown":
      return samples.length === 0 ? "no samples yet" : "sampling…";
    case "steady":
      return "steady";
    case "growing":
      return "growing";
    case "shrinking":
      return `shrinking, caught up in ~${formatSeconds(t.catchUpMillis ?? 0)}`;
  }
}

export function LagTrendView({ history, name }: { history: LagHistory | undefined; name: string }) {
  const samples = samplesOf(history);
  const t = lagTrend(samples);
  const words = trendWords(samples);
  const width = 80;
  const height = 20;
  const max = Math.max(1, ...samples.map((s) => s.lagMillis));
  const first = samples[0]?.at ?? 0;
  const span = Math.max(1, (samples[samples.length - 1]?.at ?? 0) - first);
  const d = samples
    .map((s, i) => `${i ? "L" : "M"}${(((s.at - first) / span) * (width - 2) + 1).toFixed(1)},${(height - 1 - (s.lagMillis / max) * (height - 2)).toFixed(1)}`)
    .join("");
  const source = history ? SOURCE_WORDS[history.source] : undefined;
  const over = samples.length > 1 ? formatSeconds(span) : undefined;
  return (
    <span
      className="lag-trend"
      data-testid="lag-trend"
      data-direction={t.direction}
      data-samples={samples.length}
      data-source={history?.source}
      title={source ? `${samples.length} samples ${source}${over ? ` over ${over}` : ""}` : undefined}
    >
      {samples.length > 1 ? (
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`${name} lag over the last ${over}, ${samples.length} samples ${source}: ${words}`}
        >
          <path d={d} fill="none" stroke="currentColor" strokeWidth={1.5} />
        </svg>
      ) : null}
      <span className={t.direction === "growing" ? "warn-text" : undefined} data-testid="lag-trend-words">
        {ARROW[t.direction]} {words}
      </span>
    </span>
  );
}
