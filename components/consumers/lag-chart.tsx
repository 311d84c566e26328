// A consumer's lag over the last hour, opened: a chart with its time and lag axes (recharts), and
// in words where it comes from and whether it grows or shrinks, with the time to catch up.
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { LagHistory } from "@/lib/consumers/types";
import { formatSeconds, formatTime } from "@/lib/format/format";
import { samplesOf, trendWords } from "./lag-trend-view";

const SOURCE = { shardscope: "sampled by Shardscope at each measurement", cloudwatch: "from CloudWatch, one point a minute" } as const;

export function LagChart({ history, name }: { history: LagHistory; name: string }) {
  const samples = samplesOf(history);
  if (samples.length < 2) return null;
  const span = samples[samples.length - 1]!.at - samples[0]!.at;
  const caption = `${name}: lag over the last ${formatSeconds(span)}, ${samples.length} samples ${SOURCE[history.source]}; ${trendWords(samples)}.`;
  return (
    <figure className="lag-chart" data-testid="lag-chart" data-source={history.source}>
      <div role="img" aria-label={caption}>
        <LineChart width={560} height={170} data={samples} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => formatTime(t)} tick={{ fontSize: 11 }} />
          <YAxis dataKey="lagMillis" tickFormatter={(v: number) => formatSeconds(v)} tick={{ fontSize: 11 }} width={64} domain={[0, "auto"]} />
          <Tooltip labelFormatter={(t) => formatTime(Number(t))} formatter={(v) => [formatSeconds(Number(v)), "lag"]} />
          <Line type="monotone" dataKey="lagMillis" stroke="#2563eb" strokeWidth={2} dot={samples.length <= 30} isAnimationActive={false} />
        </LineChart>
      </div>
      <figcaption className="small muted" data-testid="lag-chart-caption">
        {caption}
      </figcaption>
    </figure>
  );
}
