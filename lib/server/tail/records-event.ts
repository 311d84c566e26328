import "server-only";
// A tail's `records` event, written as bytes from each record's JSON. Viewers that share a reader
// (one per shard for all of them) share its records' views, so each record is turned into JSON and
// UTF-8 once for all of them: with ten viewers catching up, writing every event ten times was
// two-fifths of the server's work (a CPU profile of bench/tail-live.bench.ts catchup).
import type { RecordView } from "@/lib/records/types";
import type { TailCounters } from "@/lib/tail/types";

/**
 * The most bytes of record JSON kept for other viewers. Viewers catching up together read the same
 * records within moments of each other, well within this; one further behind writes its own.
 * Oldest first out: viewers only move forward.
 */
export const SHARED_JSON_BYTES = 16 * 1024 * 1024;

const shared = new Map<RecordView, Buffer>();
/**
 * The shared records, oldest first, from `head` on. A separate queue: asking the Map for its oldest
 * entry walks past every entry deleted before it, which made each insertion cost more the longer the
 * server ran (38% of a catch-up's CPU).
 */
let order: RecordView[] = [];
let head = 0;
let sharedBytes = 0;

/**
 * The record's JSON as bytes. `share`: the view is the one every viewer of its reader gets (no
 * per-viewer masking made a copy of it), so its JSON is kept for them, within SHARED_JSON_BYTES.
 */
export function recordJson(r: RecordView, share: boolean): Buffer {
  const known = shared.get(r);
  if (known) return known;
  const json = Buffer.from(JSON.stringify(r));
  if (share && json.length <= SHARED_JSON_BYTES) {
    shared.set(r, json);
    order.push(r);
    sharedBytes += json.length;
    while (sharedBytes > SHARED_JSON_BYTES) {
      const oldest = order[head++]!;
      sharedBytes -= shared.get(oldest)!.length;
      shared.delete(oldest);
    }
    if (head > 4096 && head * 2 > order.length) {
      order = order.slice(head);
      head = 0;
    }
  }
  return json;
}

/** Records and bytes of JSON held for sharing (for tests). */
export function sharedJsonHeld(): { records: number; bytes: number } {
  return { records: shared.size, bytes: sharedBytes };
}

const COMMA = Buffer.from(",");

/**
 * The same bytes as `formatSseEvent("records", { records, counters }, id)` encoded as UTF-8, from
 * the records' shared JSON.
 */
export function formatRecordsEvent(records: readonly RecordView[], counters: TailCounters, id: string | undefined, share: boolean): Uint8Array {
  const parts: Buffer[] = [Buffer.from(`${id ? `id: ${id}\n` : ""}event: records\ndata: {"records":[`)];
  records.forEach((r, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(recordJson(r, share));
  });
  parts.push(Buffer.from(`],"counters":${JSON.stringify(counters)}}\n\n`));
  return Buffer.concat(parts);
}
