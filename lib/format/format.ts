// Numbers for people, on the server and in the browser alike: sizes and rates, durations and
// ages, counts, times. Two roundings on purpose: tables print a fixed number of decimals, so that
// a column reads evenly ("1.0 MiB", "45.0 s"); charts, tiles and health reasons drop trailing
// zeros ("1 MiB/s", "45 s").

/** `n` with at most `digits` decimals, without trailing zeros. */
const trim = (n: number, digits: number) => {
  const s = n.toFixed(digits);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
};

/** `v` in the largest of `units` (each 1024 times the one before) that keeps it at least 1. */
function binary(v: number, units: readonly string[]): { value: number; unit: string } {
  let value = v;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return { value, unit: units[i]! };
}

/** `ms` in the largest of ms, s, min and h that keeps it at least 1. */
function timeUnit(ms: number): { value: number; unit: "ms" | "s" | "min" | "h" } {
  const s = ms / 1000;
  if (s < 1) return { value: ms, unit: "ms" };
  if (s < 60) return { value: s, unit: "s" };
  if (s < 3600) return { value: s / 60, unit: "min" };
  return { value: s / 3600, unit: "h" };
}

/** A size for tables: 512 → "512 B", 1536 → "1.5 KiB", 1_048_576 → "1.0 MiB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return "–";
  if (n < 1024) return `${n} B`;
  const { value, unit } = binary(n, ["B", "KiB", "MiB", "GiB", "TiB"]);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${unit}`;
}

/** A rate for charts and tiles: 512 → "512 B/s", 1536 → "1.5 KiB/s", 1_048_576 → "1 MiB/s". */
export function formatBytesPerSecond(v: number): string {
  const { value, unit } = binary(v, ["B/s", "KiB/s", "MiB/s", "GiB/s"]);
  return `${trim(value, Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0)} ${unit}`;
}

export function formatCount(v: number): string {
  if (Math.abs(v) >= 1_000_000) return `${trim(v / 1_000_000, 2)} M`;
  if (Math.abs(v) >= 10_000) return `${trim(v / 1000, 1)} k`;
  return trim(v, Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0);
}

export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return `${trim(v, v < 10 ? 1 : 0)} %`;
}

/** A ratio (0 … 1) as a percentage: 0.995 → "99.5 %". */
export function formatRatio(v: number): string {
  return `${trim(v * 100, 1)} %`;
}

/** A duration for tables, one decimal: 450 → "450 ms", 45_000 → "45.0 s", 90_000 → "1.5 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  const { value, unit } = timeUnit(ms);
  return unit === "ms" ? `${ms} ms` : `${value.toFixed(1)} ${unit}`;
}

/** A duration for charts, tiles and reasons: 45_000 → "45 s", 90_000 → "1.5 min", 7_200_000 → "2 h". */
export function formatSeconds(ms: number): string {
  const { value, unit } = timeUnit(ms);
  if (unit === "ms") return `${Math.round(ms)} ms`;
  return `${trim(value, unit === "s" && value >= 10 ? 0 : 1)} ${unit}`;
}

/** "12 s", "3 min", "2 h": how long ago, for people. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${Math.round(m / 60)} h`;
}

/** "2026-11-26 13:24:56.827" in UTC, sortable and unambiguous on a shared screen. */
export function formatTime(iso: string | number | undefined): string {
  if (iso === undefined) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "–";
  return d.toISOString().replace("T", " ").replace("Z", "");
}

export function formatRetention(hours: number | undefined): string {
  if (hours === undefined) return "–";
  if (hours % 24 === 0) return `${hours / 24} d`;
  return `${hours} h`;
}

/** Long decimal ids (sequence numbers, hash keys) shortened in the middle for tables. */
export function shorten(s: string, keep = 8): string {
  return s.length <= keep * 2 + 1 ? s : `${s.slice(0, keep)}…${s.slice(-keep)}`;
}
