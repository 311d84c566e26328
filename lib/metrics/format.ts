// Metric values for people: rates, ages, counts and ratios as the charts, tiles and health
// reasons print them.
import type { ChartUnit } from "./catalog";

const trim = (n: number, digits: number) => {
  const s = n.toFixed(digits);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
};

/** 45_000 → "45 s", 90_000 → "1.5 min", 7_200_000 → "2 h". */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  if (s < 1) return `${Math.round(ms)} ms`;
  if (s < 60) return `${trim(s, s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${trim(s / 60, 1)} min`;
  return `${trim(s / 3600, 1)} h`;
}

export function formatBytesPerSecond(v: number): string {
  const units = ["B/s", "KiB/s", "MiB/s", "GiB/s"];
  let x = v;
  let i = 0;
  while (Math.abs(x) >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${trim(x, Math.abs(x) < 10 ? 2 : Math.abs(x) < 100 ? 1 : 0)} ${units[i]}`;
}

export function formatCount(v: number): string {
  if (Math.abs(v) >= 1_000_000) return `${trim(v / 1_000_000, 2)} M`;
  if (Math.abs(v) >= 10_000) return `${trim(v / 1000, 1)} k`;
  return trim(v, Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0);
}

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
      return `${trim(v * 100, 1)} %`;
  }
}

export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return `${trim(v, v < 10 ? 1 : 0)} %`;
}

/** "12 s", "3 min", "2 h": how long ago, for people. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${Math.round(m / 60)} h`;
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
