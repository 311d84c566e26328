import "server-only";
// The schema a stream's records decode with when they carry no registry framing: the one attached
// to the stream through the schema store (schema-store.ts), if any.
import type { Scope } from "@/lib/server/targets/scope";
import { activeStreamSchema } from "./schema-store";

export interface StreamSchema {
  kind: "avro" | "protobuf";
  /** The .avsc or .proto text; for an uploaded descriptor set, protobufjs's JSON form of it (starts with `{`: load with `protobuf.Root.fromJSON`). */
  text: string;
  /** Protobuf: the fully qualified message type (no leading dot). */
  messageType?: string;
  /** The uploaded file's (sanitized) name, to show beside decoded records. */
  name: string;
}

export async function streamSchemaFor(scope: Scope, stream: string): Promise<StreamSchema | undefined> {
  const active = await activeStreamSchema(scope, stream);
  if (!active) return undefined;
  return { kind: active.kind, text: active.text, ...(active.messageType ? { messageType: active.messageType } : {}), name: active.name };
}
