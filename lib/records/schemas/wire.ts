// Schema-registry framings a record's bytes may start with. Pure and isomorphic.
//
// AWS Glue Schema Registry (checked against awslabs/aws-glue-schema-registry:
// AWSSchemaRegistryConstants, SerializationDataEncoder, GlueSchemaRegistryDeserializerDataParser):
//   byte 0      header version, 3
//   byte 1      compression: 0 none, 5 zlib (java.util.zip.Deflater, so a zlib stream)
//   bytes 2-17  the schema version id, a UUID, most significant long first (big-endian)
//   bytes 18-   the payload: Avro binary, UTF-8 JSON, or a Protobuf message after its message index
//
// Confluent (Kafka) framing: byte 0 is 0, bytes 1-4 the schema id (big-endian), then the payload.

export const GSR_HEADER_VERSION = 3;
export const GSR_COMPRESSION_NONE = 0;
export const GSR_COMPRESSION_ZLIB = 5;
export const GSR_HEADER_LENGTH = 18;

export interface GsrFrame {
  compression: "none" | "zlib";
  /** Lower-case, hyphenated, as Glue names a schema version. */
  versionId: string;
  payload: Uint8Array;
}

export type GsrResult = { ok: true; frame: GsrFrame } | { ok: false; reason: string };

/** The first two bytes as GSR writes them: what the auto chain looks for. */
export function hasGsrHeader(bytes: Uint8Array): boolean {
  return bytes.length >= GSR_HEADER_LENGTH && bytes[0] === GSR_HEADER_VERSION && (bytes[1] === GSR_COMPRESSION_NONE || bytes[1] === GSR_COMPRESSION_ZLIB);
}

export function parseGsr(bytes: Uint8Array): GsrResult {
  if (bytes.length < GSR_HEADER_LENGTH) {
    return { ok: false, reason: `${bytes.length} bytes are too few for the ${GSR_HEADER_LENGTH}-byte header` };
  }
  if (bytes[0] !== GSR_HEADER_VERSION) return { ok: false, reason: `the header version byte is ${bytes[0]}, not ${GSR_HEADER_VERSION}` };
  if (bytes[1] !== GSR_COMPRESSION_NONE && bytes[1] !== GSR_COMPRESSION_ZLIB) {
    return { ok: false, reason: `the compression byte is ${bytes[1]}, neither 0 (none) nor 5 (zlib)` };
  }
  return {
    ok: true,
    frame: {
      compression: bytes[1] === GSR_COMPRESSION_ZLIB ? "zlib" : "none",
      versionId: uuidOf(bytes.subarray(2, GSR_HEADER_LENGTH)),
      payload: bytes.subarray(GSR_HEADER_LENGTH),
    },
  };
}

/** Writes a GSR header; for tests and for encoders (the put side keeps its own encoder). */
export function gsrHeader(versionId: string, compression: "none" | "zlib"): Uint8Array {
  const out = new Uint8Array(GSR_HEADER_LENGTH);
  out[0] = GSR_HEADER_VERSION;
  out[1] = compression === "zlib" ? GSR_COMPRESSION_ZLIB : GSR_COMPRESSION_NONE;
  out.set(uuidBytes(versionId), 2);
  return out;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (text: string) => UUID_PATTERN.test(text);

function uuidOf(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function uuidBytes(uuid: string): Uint8Array {
  if (!isUuid(uuid)) throw new Error(`not a UUID: ${uuid}`);
  const hex = uuid.replaceAll("-", "");
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

export const CONFLUENT_HEADER_LENGTH = 5;

export interface ConfluentFrame {
  schemaId: number;
  payload: Uint8Array;
}

/**
 * Magic byte 0 and a 4-byte schema id. Only a guess from five bytes, so the auto chain takes it
 * only when the bytes are not text (a 0 byte is rare at the start of anything else people put).
 */
export function parseConfluent(bytes: Uint8Array): ConfluentFrame | undefined {
  if (bytes.length < CONFLUENT_HEADER_LENGTH + 1 || bytes[0] !== 0) return undefined;
  const schemaId = ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
  // Confluent's registry hands out ids from 1 upwards, and no registry holds 16 million schemas:
  // a larger id (bytes 00 01 02 03 04 …) is far more likely to be some other binary format.
  if (schemaId === 0 || schemaId >= 2 ** 24) return undefined;
  return { schemaId, payload: bytes.subarray(CONFLUENT_HEADER_LENGTH) };
}
