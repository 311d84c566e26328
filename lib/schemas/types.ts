// The HTTP contract of schemas: the schemas attached to a stream (kept by the server in
// SHARDSCOPE_SCHEMA_DIR), the upload request, and the Glue Schema Registry's registries, schemas
// and versions as the put form lists them. zod schemas and their types in one place, so the
// OpenAPI document describes what the routes answer.
import { z } from "zod";

/** What an attached schema was uploaded as. */
export const SCHEMA_FILE_FORMATS = ["avsc", "proto", "descriptor-set"] as const;
export type SchemaFileFormat = (typeof SCHEMA_FILE_FORMATS)[number];

export const SCHEMA_KINDS = ["avro", "protobuf"] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

/** Caps on what the store keeps: one file, the request that carries it, schemas per stream. */
export const SCHEMA_LIMITS = {
  /** An .avsc or .proto file, in UTF-8 bytes. */
  textMaxBytes: 256 * 1024,
  /** A compiled descriptor set (FileDescriptorSet), in bytes before base64. */
  descriptorMaxBytes: 1024 * 1024,
  /** The upload's JSON body: the descriptor set in base64 plus room for the rest. */
  requestMaxBodyBytes: Math.ceil((1024 * 1024 * 4) / 3) + 16 * 1024,
  perStream: 20,
  fileNameMaxChars: 120,
  messageTypeMaxChars: 300,
} as const;

export const storedSchemaSchema = z.object({
  id: z.string().describe("Chosen by the server (a UUID); DELETE …/schemas/{id} removes it."),
  name: z.string().describe("The uploaded file's name, reduced to letters, digits, '.', '_' and '-'."),
  kind: z.enum(SCHEMA_KINDS),
  format: z.enum(SCHEMA_FILE_FORMATS),
  messageType: z.string().optional().describe("Protobuf: the fully qualified message type records are decoded as."),
  bytes: z.number().int().nonnegative().describe("The uploaded file's size."),
  uploadedAt: z.string().describe("ISO 8601, UTC"),
  inUse: z.boolean().describe("The schema the stream's records are decoded with: the most recently uploaded one."),
});
export type StoredSchema = z.output<typeof storedSchemaSchema>;

export const streamSchemasResponseSchema = z.object({ schemas: z.array(storedSchemaSchema) });
export type StreamSchemasResponse = z.output<typeof streamSchemasResponseSchema>;

export const schemaUploadRequestSchema = z
  .object(
    {
      fileName: z
        .string({ error: "fileName must be the uploaded file's name, e.g. reading.avsc." })
        .min(1, "fileName is empty.")
        .max(SCHEMA_LIMITS.fileNameMaxChars, `fileName holds at most ${SCHEMA_LIMITS.fileNameMaxChars} characters.`),
      format: z.enum(SCHEMA_FILE_FORMATS, { error: `format must be one of ${SCHEMA_FILE_FORMATS.join(", ")}.` }).optional(),
      text: z.string({ error: "text must be the schema file's text." }).optional(),
      base64: z.string({ error: "base64 must be the descriptor set's bytes in base64." }).optional(),
      messageType: z
        .string({ error: "messageType must be a string." })
        .max(SCHEMA_LIMITS.messageTypeMaxChars, `messageType holds at most ${SCHEMA_LIMITS.messageTypeMaxChars} characters.`)
        .optional(),
    },
    { error: "The body must be a JSON object: { fileName, text | base64, format?, messageType? }." },
  )
  .strict();
export type SchemaUploadRequest = z.input<typeof schemaUploadRequestSchema>;

/** The format a file name implies: .avsc, .proto, or a descriptor set (.desc, .pb, .protoset, .binpb). */
export function formatFromFileName(fileName: string): SchemaFileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".avsc") || lower.endsWith(".json")) return "avsc";
  if (lower.endsWith(".proto")) return "proto";
  if ([".desc", ".pb", ".protoset", ".binpb", ".dsc"].some((ext) => lower.endsWith(ext))) return "descriptor-set";
  return undefined;
}

/** A file name safe to show and to keep: letters, digits, '.', '_' and '-' only, no leading dot. */
export function sanitizeFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+/, "")
    .slice(0, SCHEMA_LIMITS.fileNameMaxChars);
  return cleaned || "schema";
}

// --- Glue Schema Registry, as the put form lists it --------------------------------------------

export const GLUE_DATA_FORMATS = ["AVRO", "JSON", "PROTOBUF"] as const;
export type GlueDataFormat = (typeof GLUE_DATA_FORMATS)[number];

export const glueRegistriesResponseSchema = z.object({
  registries: z.array(z.object({ name: z.string(), description: z.string().optional() })),
});
export type GlueRegistriesResponse = z.output<typeof glueRegistriesResponseSchema>;

export const glueSchemasResponseSchema = z.object({
  schemas: z.array(z.object({ name: z.string(), description: z.string().optional() })),
});
export type GlueSchemasResponse = z.output<typeof glueSchemasResponseSchema>;

export const glueSchemaVersionsResponseSchema = z.object({
  dataFormat: z.enum(GLUE_DATA_FORMATS).optional().describe("The schema's data format (absent when Glue names one Shardscope does not know)."),
  versions: z.array(
    z.object({
      versionNumber: z.number().int().positive(),
      versionId: z.string(),
      status: z.string(),
      createdAt: z.string().optional(),
    }),
  ),
});
export type GlueSchemaVersionsResponse = z.output<typeof glueSchemaVersionsResponseSchema>;

/** Glue's own naming rule for registries and schemas (CreateRegistry, CreateSchema). */
export const glueNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9-_$#.]{1,255}$/, "A Glue registry or schema name is 1 to 255 letters, digits, '-', '_', '$', '#' or '.'.");

export const GSR_COMPRESSIONS = ["none", "zlib"] as const;

/** `schema` in the body of POST …/records: write each record's JSON data GSR-encoded with this version. */
export const putSchemaChoiceSchema = z.object(
  {
    registry: glueNameSchema,
    name: glueNameSchema,
    version: z.number({ error: "version must be a schema version number." }).int().positive().max(1_000_000),
    compression: z.enum(GSR_COMPRESSIONS, { error: "compression must be none or zlib." }).default("none"),
  },
  { error: "schema must be { registry, name, version, compression? }." },
);
export type PutSchemaChoice = z.input<typeof putSchemaChoiceSchema>;
