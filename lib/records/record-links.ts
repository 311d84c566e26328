// Every page link that points at one record, built in one place: the record browser opened on it,
// the tail started at it, and the put form prefilled with a copy of it. Paths are within the page's
// scope (`/streams/…`); the caller puts them under `/t/{target}/{region}` (useScopedHref).
import type { RecordView } from "./types";

const streamPath = (stream: string) => `/streams/${encodeURIComponent(stream)}`;

/** The record browser reading from this record and showing it open (`seq`) and highlighted. */
export function recordHref(stream: string, shardId: string, sequenceNumber: string): string {
  const q = new URLSearchParams({ shard: shardId, from: "AT_SEQUENCE_NUMBER", at: sequenceNumber, seq: sequenceNumber });
  return `${streamPath(stream)}/records?${q.toString()}`;
}

/** The tail page starting at this record (`AT_SEQUENCE_NUMBER`) or just after it, on its shard only. */
export function tailFromHref(stream: string, shardId: string, sequenceNumber: string, after = false): string {
  const q = new URLSearchParams({ from: after ? "AFTER_SEQUENCE_NUMBER" : "AT_SEQUENCE_NUMBER", at: sequenceNumber, shards: shardId });
  return `${streamPath(stream)}/tail?${q.toString()}`;
}

/**
 * The record browser reading from just after `checkpoint` on its shard: the next record a consumer
 * that checkpointed there will process. Undefined for a sentinel (TRIM_HORIZON, SHARD_END…) or none.
 */
export function afterCheckpointHref(stream: string, shardId: string, checkpoint: string | null): string | undefined {
  if (checkpoint === null || !/^\d{1,129}$/.test(checkpoint)) return undefined;
  const q = new URLSearchParams({ shard: shardId, from: "AFTER_SEQUENCE_NUMBER", at: checkpoint });
  return `${streamPath(stream)}/records?${q.toString()}`;
}

/** The put form's initial values, as its page URL carries them. */
export interface PutPrefill {
  partitionKey: string;
  data: string;
  encoding: "text" | "json" | "base64";
}

/** Payload characters a "put a copy" link may carry; past this a link is too long to share. */
export const MAX_PREFILL_CHARS = 16 * 1024;

function utf8Text(base64: string): string | undefined {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * What to put for a copy of the record: its partition key and its bytes as they were written
 * (JSON or text when they were plain UTF-8, else base64). Undefined when only a preview is at hand,
 * or the record has masked fields.
 */
export function putPrefillOf(r: RecordView): PutPrefill | undefined {
  // A masked record's bytes are not sent: there is nothing faithful to copy.
  if (r.truncated || r.decoded.masked) return undefined;
  const plain = r.decoded.chain.length === 2 && (r.decoded.chain[1] === "json" || r.decoded.chain[1] === "text");
  const text = plain ? utf8Text(r.data) : undefined;
  if (text !== undefined) return { partitionKey: r.partitionKey, data: text, encoding: r.decoded.format === "json" ? "json" : "text" };
  return { partitionKey: r.partitionKey, data: r.data, encoding: "base64" };
}

/** The put form prefilled with `p`; undefined when the payload is too long for a link. */
export function putCopyHref(stream: string, p: PutPrefill): string | undefined {
  if (p.data.length > MAX_PREFILL_CHARS) return undefined;
  const q = new URLSearchParams({ key: p.partitionKey, encoding: p.encoding, data: p.data });
  return `${streamPath(stream)}/put?${q.toString()}`;
}

/** The put form's initial values from its page URL; unknown encodings fall back to the form's default. */
export function putPrefillFromParams(params: URLSearchParams): Partial<PutPrefill> {
  const encoding = params.get("encoding");
  return {
    partitionKey: params.get("key") ?? undefined,
    data: params.get("data") ?? undefined,
    encoding: encoding === "text" || encoding === "json" || encoding === "base64" ? encoding : undefined,
  };
}
