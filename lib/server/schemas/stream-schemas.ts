import "server-only";
// The schema a stream's records decode with when they carry no registry framing: the one attached
// to the stream through the schema store (schema-store.ts), if any.
import type { Scope } from "@/lib/server/targets/scope";
import { activeStreamSchema, type ActiveSchema } from "./schema-store";

export interface StreamSchema {
  kind: "avro" | "protobuf";
  /** The .avsc or .proto text; for an uploaded descriptor set, protobufjs's JSON form of it (starts with `{`: load with `protobuf.Root.fromJSON`). */
  text: string;
  /** Protobuf: the fully qualified message type (no leading dot). */
  messageType?: string;
  /** The uploaded file's (sanitized) name, to show beside decoded records. */
  name: string;
}

// One answer per answer of the store: while the store's cache holds, the same object comes back,
// so the decoder can tell "unchanged" without comparing the schema's text.
const answers = new WeakMap<ActiveSchema, StreamSchema>();

/** The stream's schema; the same object as long as the store's answer is the same. */
export async function streamSchemaFor(scope: Scope, stream: string): Promise<StreamSchema | undefined> {
  const active = await activeStreamSchema(scope, stream);
  if (!active) return undefined;
  let schema = answers.get(active);
  if (!schema) {
    schema = { kind: active.kind, text: active.text, ...(active.messageType ? { messageType: active.messageType } : {}), name: active.name };
    answers.set(active, schema);
  }
  return schema;
}
