// Shapes shared by the server (which decodes) and the browser (which renders).
// A record's payload passes through a chain of decoders; each step is named in `chain`.

/** A decoder the user can force for a stream; `auto` detects the chain. */
export const DECODER_NAMES = [
  "auto",
  "kpl",
  "gzip",
  "zlib",
  "cwlogs",
  "gsr",
  "confluent",
  "avro",
  "protobuf",
  "msgpack",
  "cbor",
  "json",
  "text",
  "hex",
] as const;
export type DecoderName = (typeof DECODER_NAMES)[number];

/** What the payload finally is. */
export type PayloadFormat = "json" | "text" | "binary" | "kpl" | "cwlogs" | "empty" | StructuredFormat;

/** Formats decoded into a JSON value (`value`) from something other than JSON text. */
export const STRUCTURED_FORMATS = ["avro", "protobuf", "jsonschema", "msgpack", "cbor"] as const;
export type StructuredFormat = (typeof STRUCTURED_FORMATS)[number];

/** Formats whose `value` is the record's data as JSON: what filters, copy and export read. */
export const hasJsonValue = (format: PayloadFormat): boolean => format === "json" || (STRUCTURED_FORMATS as readonly string[]).includes(format);

/** The kinds of schema a registry or an attached file holds. */
export type SchemaFormat = "avro" | "protobuf" | "jsonschema";

/** Which schema decoded a record, and where it came from. */
export interface SchemaInfo {
  source: "glue" | "file" | "confluent";
  /** Glue: the registry's name. */
  registry?: string;
  name: string;
  /** Glue: the version number. */
  version?: number;
  /** Glue: the schema version id (a UUID) in the record's header; Confluent: the schema id. */
  versionId?: string;
  /** The schema's text; only in the detail view (GET …/records/{seq}). */
  definition?: string;
}

export interface DecodedPayload {
  /** Steps applied in order, e.g. ["base64", "gzip", "cwlogs"] or ["base64", "json"]. */
  chain: string[];
  format: PayloadFormat;
  /**
   * Parsed JSON (format "json"), the decoded record as JSON (avro, protobuf, jsonschema, msgpack,
   * cbor: longs past 2^53 as decimal strings, bytes as base64), or the envelope without its
   * events (format "cwlogs").
   */
  value?: unknown;
  /** The schema that decoded the record (registry and file schemas), or the one its framing names. */
  schema?: SchemaInfo;
  /** UTF-8 text (format "text"), or a hex dump (format "binary"). */
  text?: string;
  /** KPL user records or CloudWatch Logs events, each decoded on its own. */
  subRecords?: DecodedSubRecord[];
  /** Why a forced decoder or a step could not apply; the rest of the chain still ran. */
  warning?: string;
  /**
   * What the server's masking rules masked, removed or hashed, as JSON paths of the payload written
   * out (`$.card.number`, `$.records[2].payload.email`; `$` for text, or a payload withheld whole).
   * Set only when something was masked; the record's raw bytes (`data`) are then not sent.
   */
  masked?: string[];
}

export interface DecodedSubRecord {
  /** KPL: the user record's own partition key. */
  partitionKey?: string;
  explicitHashKey?: string;
  /** CloudWatch Logs: the log event id and its timestamp (ms since epoch). */
  id?: string;
  timestamp?: number;
  /** Bytes of this sub-record's payload. */
  size: number;
  decoded: DecodedPayload;
}

/** One record as the records API and the tail send it to the browser. */
export interface RecordView {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  /** ISO 8601. */
  arrivalTime: string;
  size: number;
  /** Raw bytes, base64: all of them, or only the first ones when `truncated` is set. */
  data: string;
  /**
   * When `truncated` is set, `decoded` keeps its chain, format and warning but holds no `value`
   * or `subRecords`: `text` is the start of the decoded payload written out (JSON as JSON).
   */
  decoded: DecodedPayload;
  /** The record was too large to send whole: `data` and `decoded` are previews, `size` is the full size. */
  truncated?: boolean;
}

export const START_POSITIONS = ["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"] as const;
export type StartPosition = (typeof START_POSITIONS)[number];

/** Whether a start position needs `at`: a timestamp or a sequence number. */
export const needsAt = (from: StartPosition) => from !== "TRIM_HORIZON" && from !== "LATEST";

export interface RecordsPageResponse {
  records: RecordView[];
  /** Opaque; pass back to read the next page. Null once a closed shard has been read to its end. */
  cursor: string | null;
  millisBehindLatest: number | null;
}
