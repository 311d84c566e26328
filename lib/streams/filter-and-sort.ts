// Filtering and sorting the streams list. Summaries arrive lazily, so a row whose value is not
// known yet sorts after every known one, in either direction.
import type { StreamListItem } from "@/lib/streams/types";

export const STREAM_SORT_KEYS = ["name", "status", "mode", "openShardCount", "retentionHours", "encryption", "createdAt"] as const;
export type StreamSortKey = (typeof STREAM_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

export function filterAndSortStreams(streams: StreamListItem[], filter: string, key: StreamSortKey, direction: SortDirection): StreamListItem[] {
  const needle = filter.trim().toLowerCase();
  const kept = needle ? streams.filter((s) => s.name.toLowerCase().includes(needle)) : streams.slice();
  const sign = direction === "asc" ? 1 : -1;
  return kept.sort((a, b) => {
    const va = a[key];
    const vb = b[key];
    if (va === undefined && vb === undefined) return a.name.localeCompare(b.name);
    if (va === undefined) return 1;
    if (vb === undefined) return -1;
    const c = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb));
    return c !== 0 ? sign * c : a.name.localeCompare(b.name);
  });
}
