// Frames a serialized payload as the AWS Glue Schema Registry serde writes it, so a consumer
// using that library (Java, or its C and Python bindings) reads what Shardscope puts. Layout, as
// awslabs/aws-glue-schema-registry's SerializationDataEncoder writes it: the header version byte
// 3, a compression byte (0 none, 5 zlib), the schema version UUID as 16 bytes (most significant
// long first, both big-endian: the UUID's hex digits in order), then the payload, zlib-deflated
// (java.util.zip.Deflater, with the zlib header) when the compression byte says so.
import { zlibSync } from "fflate";

export const GSR_HEADER_VERSION = 3;
export const GSR_COMPRESSION_NONE = 0;
export const GSR_COMPRESSION_ZLIB = 5;
export const GSR_HEADER_BYTES = 18;

export type GsrCompression = "none" | "zlib";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is a UUID as Glue writes schema version ids (8-4-4-4-12 hex digits). */
export function isSchemaVersionId(id: string): boolean {
  return UUID_PATTERN.test(id);
}

/** The 16 bytes of a UUID in its textual order (java.util.UUID's msb then lsb, big-endian). */
export function uuidBytes(id: string): Uint8Array {
  if (!isSchemaVersionId(id)) throw new Error(`"${id.slice(0, 60)}" is not a schema version id (a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e).`);
  const hex = id.replace(/-/g, "");
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The GSR record: header, schema version id, then the payload (deflated when `compression` is zlib). */
export function encodeGsr(payload: Uint8Array, schemaVersionId: string, compression: GsrCompression = "none"): Uint8Array {
  const id = uuidBytes(schemaVersionId);
  const body = compression === "zlib" ? zlibSync(payload) : payload;
  const out = new Uint8Array(GSR_HEADER_BYTES + body.byteLength);
  out[0] = GSR_HEADER_VERSION;
  out[1] = compression === "zlib" ? GSR_COMPRESSION_ZLIB : GSR_COMPRESSION_NONE;
  out.set(id, 2);
  out.set(body, GSR_HEADER_BYTES);
  return out;
}
