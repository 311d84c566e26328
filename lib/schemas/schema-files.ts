// How the schema store lays out SHARDSCOPE_SCHEMA_DIR, shared by the server's store
// (lib/server/schemas/schema-store.ts) and the demo, which places its schema there before the
// app starts. Every segment is made here: a target name with a hash suffix, the region, the
// stream name behind a prefix (a stream may be called `..`), a server-chosen UUID.
import { md5 } from "js-md5";
import { z } from "zod";
import { SCHEMA_FILE_FORMATS, SCHEMA_KINDS } from "./types";

/** The directories under the schema root that hold one stream's schemas. */
export function schemaDirSegments(target: string, region: string, stream: string): [string, string] {
  const scope = `${target.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 60)}-${md5(target).slice(0, 10)}@${region.replace(/[^a-z0-9-]/g, "_")}`;
  return [scope, `s-${stream.replace(/[^A-Za-z0-9_.-]/g, "_")}`];
}

export const schemaFileName = (id: string): string => `${id}.json`;

/** What one schema's file holds. */
export const schemaFileSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(SCHEMA_KINDS),
  format: z.enum(SCHEMA_FILE_FORMATS),
  messageType: z.string().optional(),
  bytes: z.number().int().nonnegative(),
  uploadedAt: z.string(),
  /** The .avsc or .proto text; for a descriptor set, protobufjs's JSON of it. */
  text: z.string(),
});
export type SchemaFile = z.infer<typeof schemaFileSchema>;
