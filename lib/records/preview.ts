// One line that tells a person what a record holds, for tables.
import type { DecodedPayload } from "./types";

const MAX = 240;

function clip(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > MAX ? `${one.slice(0, MAX - 1)}…` : one;
}

export function previewOf(d: DecodedPayload): string {
  switch (d.format) {
    case "json":
    case "avro":
    case "protobuf":
    case "jsonschema":
    case "msgpack":
    case "cbor":
      // A truncated preview has the start of its JSON as text instead of the parsed value.
      return clip(d.value === undefined ? (d.text ?? "") : (JSON.stringify(d.value) ?? ""));
    case "text":
      return clip(d.text ?? "");
    case "binary":
      return "binary payload (see hex)";
    case "empty":
      return "(empty)";
    case "kpl": {
      const n = d.subRecords?.length ?? 0;
      const first = d.subRecords?.[0];
      return clip(`KPL aggregate · ${n} record${n === 1 ? "" : "s"}${first ? ` · ${first.partitionKey ?? ""}: ${previewOf(first.decoded)}` : ""}`);
    }
    case "cwlogs": {
      const n = d.subRecords?.length ?? 0;
      const env = (d.value ?? {}) as { logGroup?: string; messageType?: string };
      const first = d.subRecords?.[0];
      return clip(
        `CloudWatch Logs · ${env.logGroup ?? env.messageType ?? ""} · ${n} event${n === 1 ? "" : "s"}${first ? ` · ${previewOf(first.decoded)}` : ""}`,
      );
    }
  }
}
