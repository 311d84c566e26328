// Formatting for people: sizes, times and counts as a dashboard shows them.

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return "–";
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** "2026-11-26 13:24:56.827" in UTC, sortable and unambiguous on a shared screen. */
export function formatTime(iso: string | number | undefined): string {
  if (iso === undefined) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "–";
  return d.toISOString().replace("T", " ").replace("Z", "");
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = s / 60;
  if (m < 60) return `${m.toFixed(1)} min`;
  return `${(m / 60).toFixed(1)} h`;
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
