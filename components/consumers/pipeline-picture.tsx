// The stream in the middle with its incoming rate, its consumers around it coloured by health with
// their lag: where the problem is, before reading the table. Each box links to (and focuses) its
// row of the table; the figure's caption says the same in words for those who cannot see it.
import { boxSentence, boxSubtitle, KIND_SHORT, lagText, layoutPipeline } from "@/lib/consumers/pipeline";
import type { ConsumerHealth, ConsumerRow } from "@/lib/consumers/types";

/** Stroke and fill per health; the text on the fills stays dark enough for WCAG AA. */
const COLOURS: Record<ConsumerHealth, { stroke: string; fill: string }> = {
  ok: { stroke: "#15803d", fill: "#dcfce7" },
  warning: { stroke: "#b45309", fill: "#fef3c7" },
  critical: { stroke: "#b91c1c", fill: "#fdecec" },
  unknown: { stroke: "#6b7280", fill: "#f3f4f6" },
};

/** The id of a consumer's row in the table, for the picture's links. */
export const rowAnchor = (consumerId: string) => `consumer-${consumerId.replace(/[^A-Za-z0-9_-]/g, "_")}`;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function PipelinePicture({
  stream,
  rate,
  consumers,
  onOpen,
}: {
  stream: string;
  /** The stream's incoming rate in words ("1.5 KiB/s · 12 records/s"), or why it is unknown. */
  rate: string;
  consumers: readonly ConsumerRow[];
  /** A box was chosen: open and focus the consumer's row. */
  onOpen: (consumerId: string) => void;
}) {
  const layout = layoutPipeline(consumers.length);
  const s = layout.stream;
  const captionId = `pipeline-caption-${rowAnchor(stream)}`;
  return (
    <figure className="pipeline" data-testid="pipeline">
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width="100%"
        style={{ maxWidth: layout.width }}
        role="group"
        aria-labelledby={captionId}
        data-testid="pipeline-svg"
      >
        {consumers.map((c, i) => {
          const b = layout.consumers[i]!;
          const fromX = b.side === "right" ? s.x + s.width : s.x;
          const toX = b.side === "right" ? b.x : b.x + b.width;
          return (
            <line
              key={`edge-${c.id}`}
              x1={fromX}
              y1={s.y + s.height / 2}
              x2={toX}
              y2={b.y + b.height / 2}
              stroke={COLOURS[c.health].stroke}
              strokeWidth={c.health === "ok" ? 1.5 : 2.5}
              strokeDasharray={c.health === "critical" ? "6 4" : undefined}
            />
          );
        })}
        <g data-testid="pipeline-stream">
          <rect x={s.x} y={s.y} width={s.width} height={s.height} rx={8} fill="#e8efff" stroke="#1d4ed8" strokeWidth={2} />
          <text x={s.x + s.width / 2} y={s.y + 24} textAnchor="middle" fontWeight={600} fontSize={14} fill="#1b1f24">
            {clip(stream, 24)}
          </text>
          <text x={s.x + s.width / 2} y={s.y + 44} textAnchor="middle" fontSize={12} fill="#374151" data-testid="pipeline-rate">
            {clip(rate, 29)}
          </text>
        </g>
        {consumers.map((c, i) => {
          const b = layout.consumers[i]!;
          const colour = COLOURS[c.health];
          return (
            <a
              key={c.id}
              href={`#${rowAnchor(c.id)}`}
              aria-label={boxSentence(c)}
              data-testid="pipeline-box"
              data-consumer={c.id}
              data-health={c.health}
              onClick={(e) => {
                e.preventDefault();
                onOpen(c.id);
              }}
            >
              {/* The whole sentence on hover: the box's lines are clipped to fit. */}
              <title>{boxSentence(c)}</title>
              <rect x={b.x} y={b.y} width={b.width} height={b.height} rx={6} fill={colour.fill} stroke={colour.stroke} strokeWidth={2} />
              <text x={b.x + 8} y={b.y + 17} fontSize={12.5} fontWeight={600} fill="#1b1f24">
                {clip(`${KIND_SHORT[c.kind]} · ${c.name}`, 25)}
              </text>
              <text x={b.x + 8} y={b.y + 33} fontSize={11.5} fill="#374151">
                {clip(boxSubtitle(c), 29)}
              </text>
              <text x={b.x + 8} y={b.y + 49} fontSize={11.5} fill="#1b1f24">
                {clip(`${c.health} · lag ${lagText(c.lag)}`, 29)}
              </text>
            </a>
          );
        })}
      </svg>
      <figcaption id={captionId} className="sr-only" data-testid="pipeline-text">
        {`Pipeline of ${stream}, ${rate}. `}
        {consumers.length === 0 ? "No consumers found." : `${consumers.length} consumer${consumers.length === 1 ? "" : "s"}: `}
        {consumers.map((c) => boxSentence(c)).join(" ")}
      </figcaption>
    </figure>
  );
}
