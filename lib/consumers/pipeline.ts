// The pipeline picture's content and layout, pure: the stream in the middle, its consumers in two
// columns around it (alternating right and left, so the picture grows downwards, never wider),
// each box with what a person needs to place it: its kind, its name, and for a Firehose delivery
// stream where it delivers, for a Lambda mapping its function, for a KCL application its workers.
import { formatSeconds } from "@/lib/format/format";
import type { ConsumerKind, ConsumerRow } from "./types";

export const KIND_LABEL: Record<ConsumerKind, string> = {
  kcl: "KCL application",
  lambda: "Lambda function",
  firehose: "Firehose delivery stream",
  efo: "Enhanced fan-out consumer",
};

export const KIND_SHORT: Record<ConsumerKind, string> = { kcl: "KCL", lambda: "Lambda", firehose: "Firehose", efo: "EFO" };

/** "5 min on shardId-000000000001", "12 s", or "not measured". */
export function lagText(lag: ConsumerRow["lag"]): string {
  if (!lag) return "not measured";
  return lag.shardId ? `${formatSeconds(lag.maxMillis)} on ${lag.shardId}` : formatSeconds(lag.maxMillis);
}

/** The box's second line: where a Firehose delivers, which function a Lambda mapping invokes, how many workers a KCL app has. */
export function boxSubtitle(row: ConsumerRow): string {
  switch (row.kind) {
    case "firehose": {
      const d = row.details.destination;
      return typeof d === "string" && d ? `→ ${d}` : "destination unknown";
    }
    case "lambda": {
      const fn = row.details.functionArn;
      const name = typeof fn === "string" && fn ? (fn.split(":function:")[1] ?? fn).split(":")[0] : row.name;
      return `function ${name}`;
    }
    case "kcl": {
      const n = row.workers?.length ?? new Set((row.shards ?? []).map((s) => s.owner).filter(Boolean)).size;
      return `${n} worker${n === 1 ? "" : "s"}`;
    }
    case "efo":
      return row.state;
  }
}

/** One sentence per consumer, for the picture's text alternative. */
export function boxSentence(row: ConsumerRow): string {
  const reasons = row.reasons.length ? ` (${row.reasons.join("; ")})` : "";
  return `${KIND_LABEL[row.kind]} ${row.name}, ${boxSubtitle(row)}: ${row.health}${reasons}, lag ${lagText(row.lag)}.`;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PipelineLayout {
  width: number;
  height: number;
  stream: Box;
  consumers: (Box & { side: "left" | "right" })[];
}

export const BOX = { width: 210, height: 58, gap: 14, margin: 8 } as const;

/** Where every box goes: consumer i on the right when i is even, on the left when odd, top to bottom. */
export function layoutPipeline(count: number, width = 760): PipelineLayout {
  const rows = Math.max(1, Math.ceil(count / 2));
  const height = Math.max(BOX.height + 2 * BOX.margin, rows * BOX.height + (rows - 1) * BOX.gap + 2 * BOX.margin);
  const streamBox: Box = { x: (width - BOX.width) / 2, y: (height - BOX.height) / 2, width: BOX.width, height: BOX.height };
  const consumers = Array.from({ length: count }, (_, i) => {
    const side = i % 2 === 0 ? ("right" as const) : ("left" as const);
    const row = Math.floor(i / 2);
    // A lone box on its side sits level with the stream.
    const inColumn = side === "right" ? Math.ceil(count / 2) : Math.floor(count / 2);
    const columnHeight = inColumn * BOX.height + (inColumn - 1) * BOX.gap;
    const top = (height - columnHeight) / 2;
    return {
      side,
      x: side === "right" ? width - BOX.width - BOX.margin : BOX.margin,
      y: top + row * (BOX.height + BOX.gap),
      width: BOX.width,
      height: BOX.height,
    };
  });
  return { width, height, stream: streamBox, consumers };
}
