import "server-only";
// A tail's `records` event, written as bytes from each record's JSON. Viewers that share a reader
// (one per shard for all of them) share its records' views, so each record is turned into JSON and
// UTF-8 once for all of them: with ten viewers catching up, writing every event ten times was
// two-fifths of the server's work (a CPU profile of bench/tail-live.bench.ts catchup).
import type { RecordView } from "@/lib/records/types";
import type { TailCounters } from "@/lib/tail/types";

/**
 * Each shared view's JSON, for as long as the view lives: the view is kept by its record
 * (`ReadRecord.viewAs`), which the reader's buffer and the viewers' queues hold within their bounds,
 * so the JSON goes when they let the record go. (A first version kept the last 16 MiB of JSON in a
 * Map, which also kept the views and their decoded payloads alive past those bounds: the slow-viewer
 * test of tail-route.int.test.ts saw the heap grow by 4.9 MB.)
 */
const shared = new WeakMap<RecordView, Buffer>();

/**
 * The record's JSON as bytes. `share`: the view is the one every viewer of its reader gets (no
 * per-viewer masking made a copy of it), so its JSON is kept for them.
 */
export function recordJson(r: RecordView, share: boolean): Buffer {
  const known = shared.get(r);
  if (known) return known;
  const json = Buffer.from(JSON.stringify(r));
  if (share) shared.set(r, json);
  return json;
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
