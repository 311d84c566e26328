// A consumer's lag over the time this page has been open: a small sparkline and, in words,
// whether it grows or shrinks and, when it shrinks, when it will have caught up at this pace.
import { formatSeconds } from "@/lib/format/format";
import { lagTrend, type LagSample } from "@/lib/consumers/lag-trend";

const ARROW = { growing: "↑", shrinking: "↓", steady: "→", unknown: "" } as const;

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

export function LagTrendView({ samples, name }: { samples: readonly LagSample[]; name: string }) {
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
  return (
    <span className="lag-trend" data-testid="lag-trend" data-direction={t.direction} data-samples={samples.length}>
      {samples.length > 1 ? (
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`${name} lag over the last ${samples.length} samples: ${words}`}
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
