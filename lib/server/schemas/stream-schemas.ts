import "server-only";
// The schema attached to a stream (an .avsc, or a .proto with its message type, or a compiled
// descriptor set), which the decoder uses for records without a registry header. The store
// (SHARDSCOPE_SCHEMA_DIR: upload, list, remove) lives in schema-store.ts; this is the one
// function the decoding side asks.
import type { Scope } from "@/lib/server/targets/scope";

export interface StreamSchema {
  kind: "avro" | "protobuf";
  /** The .avsc or .proto text; for an uploaded descriptor set, protobufjs's JSON form of it (starts with `{`). */
  text: string;
  /** Protobuf: the fully qualified message type the stream's records are (e.g. demo.sensors.Reading). */
  messageType?: string;
  /** The name people gave it (the uploaded file's), shown beside decoded records. */
  name: string;
}

/** The schema attached to `stream` in this scope, if any. */
export async function streamSchemaFor(_scope: Scope, _stream: string): Promise<StreamSchema | undefined> {
  return undefined;
}
