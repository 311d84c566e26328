// Metric values for people, in each metric's unit, as the charts, tiles and health reasons print
// them (the numbers themselves are formatted by lib/format).
import { formatBytesPerSecond, formatCount, formatRatio, formatSeconds } from "@/lib/format/format";
import type { ChartUnit } from "./catalog";

export function formatMetric(v: number | null | undefined, unit: ChartUnit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  switch (unit) {
    case "bytes/s":
      return formatBytesPerSecond(v);
    case "records/s":
      return `${formatCount(v)} rec/s`;
    case "ms":
      return formatSeconds(v);
    case "count":
      return formatCount(v);
    case "ratio":
      return formatRatio(v);
  }
}

/**
 * How old the data of an answer is now: its age when the server sent it (it may have come from the
 * shared cache) plus the time since it arrived — measured on each side's own clock, so a skewed
 * clock does not matter.
 */
export function dataAge(answer: { fetchedAt: string; generatedAt: string }, receivedAt: number, now: number): number {
  const atServer = Math.max(0, Date.parse(answer.generatedAt) - Date.parse(answer.fetchedAt));
  return atServer + Math.max(0, now - receivedAt);
}
