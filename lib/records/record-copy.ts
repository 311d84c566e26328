// What the detail's copy buttons put on the clipboard: the payload as a person reads it, or the
// whole record with its metadata as JSON.
import { decodedText } from "./record-preview";
import { hasJsonValue, type RecordView } from "./types";

/** The decoded payload written out (JSON indented), or the raw bytes in base64 when nothing decoded them. */
export function payloadText(r: RecordView): string {
  return r.decoded.format === "binary" ? r.data : decodedText(r.decoded);
}

/** The record with its metadata: the payload as parsed JSON when it is JSON, else as text. */
export function recordJson(r: RecordView): string {
  const payload = hasJsonValue(r.decoded.format) && r.decoded.value !== undefined ? r.decoded.value : payloadText(r);
  return JSON.stringify(
    {
      shardId: r.shardId,
      sequenceNumber: r.sequenceNumber,
      partitionKey: r.partitionKey,
      arrivalTime: r.arrivalTime,
      size: r.size,
      chain: r.decoded.chain,
      payload,
      data: r.data,
      ...(r.truncated ? { truncated: true } : {}),
    },
    null,
    2,
  );
}
