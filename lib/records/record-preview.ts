// Large records (up to 10 MiB) must not freeze a table or a drawer: a page of records carries the
// start of a large record's raw bytes and of its decoded payload written out, with its full size
// and a flag; the whole record is fetched on demand, one at a time.
import { hasJsonValue, type DecodedPayload, type RecordView } from "./types";

/** Raw bytes, and characters of the decoded payload written out, that a preview keeps. */
export const PREVIEW_BYTES = 64 * 1024;

/**
 * Steps that can make the decoded payload much larger than the record: decompression, and
 * binary formats whose values take more room written out as JSON (a byte can be a null).
 */
const EXPANDING_STEPS = new Set(["gzip", "zlib", "kpl", "cwlogs", "avro", "protobuf", "msgpack", "cbor"]);

/** The decoded payload written out: JSON as indented JSON, text and hex dumps as they are, aggregates as JSON. */
export function decodedText(d: DecodedPayload): string {
  switch (d.format) {
    case "json":
    case "avro":
    case "protobuf":
    case "jsonschema":
    case "msgpack":
    case "cbor":
      return d.value === undefined ? (d.text ?? "") : JSON.stringify(d.value, null, 2);
    case "text":
    case "binary":
      return d.text ?? "";
    case "empty":
      return "";
    case "kpl":
    case "cwlogs": {
      if (d.subRecords === undefined) return d.text ?? "";
      const records = d.subRecords.map((s) => ({
        ...(s.partitionKey !== undefined ? { partitionKey: s.partitionKey } : {}),
        ...(s.id !== undefined ? { id: s.id } : {}),
        ...(s.timestamp !== undefined ? { timestamp: s.timestamp } : {}),
        payload: hasJsonValue(s.decoded.format) ? s.decoded.value : decodedText(s.decoded),
      }));
      return JSON.stringify(d.format === "cwlogs" ? { ...(d.value as object), logEvents: records } : { records }, null, 2);
    }
  }
}

/** The first `n` characters of `s`, never ending in half a surrogate pair. */
function clipChars(s: string, n: number): string {
  if (s.length <= n) return s;
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/** Base64 characters of the first bytes of a payload, cut on a 3-byte boundary so it stays valid base64. */
const base64Chars = (bytes: number) => Math.floor(bytes / 3) * 4;

/**
 * The record as a page of records sends it: unchanged when small, else a preview (`truncated`)
 * of at most `limit` raw bytes and `limit` characters of the decoded payload written out.
 */
export function previewRecord(r: RecordView, limit = PREVIEW_BYTES): RecordView {
  const largeBytes = r.size > limit;
  // Small records that cannot expand are sent whole without writing them out to measure them.
  if (!largeBytes && r.size * 8 <= limit && !r.decoded.chain.some((s) => EXPANDING_STEPS.has(s))) return r;
  const text = decodedText(r.decoded);
  if (!largeBytes && text.length <= limit) return r;
  const { value: _value, subRecords: _subRecords, ...rest } = r.decoded;
  return {
    ...r,
    data: largeBytes ? r.data.slice(0, base64Chars(limit)) : r.data,
    decoded: { ...rest, text: clipChars(text, limit) },
    truncated: true,
  };
}
