// NDJSON export of tail records: one JSON object a line, raw bytes as base64 beside the decoded value
// (none for a record the server masked: its `masked` paths instead).
import { hasJsonValue, type RecordView } from "@/lib/records/types";

export function toNdjson(records: RecordView[]): string {
  return records
    .map((r) =>
      JSON.stringify({
        shardId: r.shardId,
        sequenceNumber: r.sequenceNumber,
        partitionKey: r.partitionKey,
        arrivalTime: r.arrivalTime,
        size: r.size,
        data: r.data,
        format: r.decoded.format,
        ...(hasJsonValue(r.decoded.format) ? { value: r.decoded.value } : r.decoded.text !== undefined ? { text: r.decoded.text } : {}),
        // Masked on the server: what was hidden (and `data` is empty).
        ...(r.decoded.masked ? { masked: r.decoded.masked } : {}),
      }),
    )
    .join("\n")
    .concat(records.length > 0 ? "\n" : "");
}
