import "server-only";
// Schemas attached to a stream, kept on disk under SHARDSCOPE_SCHEMA_DIR so they survive restarts:
// one JSON file per schema in a directory per scope (target and region) and stream. Every name on
// disk is made here (a hash-suffixed target name, a prefixed stream name, a server-chosen UUID);
// nothing from the client becomes a path. A schema is compiled before it is kept (avsc,
// protobufjs), written to a temporary file and renamed into place, so a reader never sees half of
// one. The most recently uploaded schema of a stream is the one its records decode with.
import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, unlink } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { compileSchemaFile } from "@/lib/schemas/compile-schema-file";
import { schemaDirSegments, schemaFileName, schemaFileSchema, type SchemaFile } from "@/lib/schemas/schema-files";
import {
  formatFromFileName,
  sanitizeFileName,
  SCHEMA_LIMITS,
  type SchemaFileFormat,
  type SchemaKind,
  type SchemaUploadRequest,
  schemaUploadRequestSchema,
  type StoredSchema,
} from "@/lib/schemas/types";
import { getConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import type { Scope } from "@/lib/server/targets/scope";

/** The schema a stream's records decode with, as the decoder takes it. */
export interface ActiveSchema {
  kind: SchemaKind;
  /** The .avsc or .proto text; for an uploaded descriptor set, protobufjs's JSON of it (starts with `{`: `protobuf.Root.fromJSON`). */
  text: string;
  messageType?: string;
  name: string;
  format: SchemaFileFormat;
  id: string;
}

function dirOf(scope: Scope, stream: string): string {
  return path.join(getConfig().schemaDir, ...schemaDirSegments(scope.target, scope.region, stream));
}

const UUID_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$/;

async function readSchemaFiles(dir: string): Promise<SchemaFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw storeError("read", e);
  }
  const out: SchemaFile[] = [];
  for (const name of names.filter((n) => UUID_FILE.test(n))) {
    try {
      const parsed = schemaFileSchema.safeParse(JSON.parse(await readFile(path.join(dir, name), "utf8")));
      if (parsed.success) out.push(parsed.data);
      else console.warn(`[shardscope] ignoring schema file ${path.join(dir, name)}: not one Shardscope wrote`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") console.warn(`[shardscope] ignoring unreadable schema file ${path.join(dir, name)}`, e);
    }
  }
  // Newest first; the id breaks ties so the order is stable.
  return out.sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt) || b.id.localeCompare(a.id));
}

function storeError(what: "read" | "write", e: unknown): AppError {
  console.error(`[shardscope] schema store: cannot ${what}`, e);
  return new AppError("internal", `Shardscope cannot ${what} its schema directory (SHARDSCOPE_SCHEMA_DIR); the server log has the details.`);
}

function view(file: SchemaFile, inUse: boolean): StoredSchema {
  return {
    id: file.id,
    name: file.name,
    kind: file.kind,
    format: file.format,
    ...(file.messageType ? { messageType: file.messageType } : {}),
    bytes: file.bytes,
    uploadedAt: file.uploadedAt,
    inUse,
  };
}

export async function listStreamSchemas(scope: Scope, stream: string): Promise<StoredSchema[]> {
  const files = await readSchemaFiles(dirOf(scope, stream));
  return files.map((f, i) => view(f, i === 0));
}

// The decoder asks for every record it decodes: the answer is kept per stream directory until this
// server changes it, or for a few seconds (someone may have edited the directory by hand).
const ACTIVE_TTL_MS = 10_000;
// Kept on globalThis, like the scopes: Next bundles this module once per route, and an upload in
// one route must reach the decoder's cache in another (and the per-stream write queue below).
interface StoreState {
  active: Map<string, { at: number; value: Promise<ActiveSchema | undefined> }>;
  locks: Map<string, Promise<unknown>>;
}
const STATE_KEY = Symbol.for("shardscope.schemaStore");
function storeState(): StoreState {
  const g = globalThis as { [STATE_KEY]?: StoreState };
  g[STATE_KEY] ??= { active: new Map(), locks: new Map() };
  return g[STATE_KEY];
}

/** The schema the stream's records decode with: the newest one, if any. */
export function activeStreamSchema(scope: Scope, stream: string): Promise<ActiveSchema | undefined> {
  const dir = dirOf(scope, stream);
  const activeCache = storeState().active;
  const hit = activeCache.get(dir);
  if (hit && Date.now() - hit.at < ACTIVE_TTL_MS) return hit.value;
  const value = readActive(dir);
  activeCache.set(dir, { at: Date.now(), value });
  value.catch(() => activeCache.delete(dir));
  return value;
}

async function readActive(dir: string): Promise<ActiveSchema | undefined> {
  const [newest] = await readSchemaFiles(dir);
  if (!newest) return undefined;
  return {
    kind: newest.kind,
    text: newest.text,
    ...(newest.messageType ? { messageType: newest.messageType } : {}),
    name: newest.name,
    format: newest.format,
    id: newest.id,
  };
}

/** The upload's file, checked: format, size, and that it compiles. Throws invalid_input / payload_too_large. */
export function checkUpload(body: unknown): { format: SchemaFileFormat; name: string; input: string | Uint8Array; messageType?: string } {
  const parsed = schemaUploadRequestSchema.safeParse(body);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues.map((i) => i.message).join(" "));
  const req: SchemaUploadRequest = parsed.data;
  const format = req.format ?? formatFromFileName(req.fileName);
  if (!format) {
    throw new AppError(
      "invalid_input",
      `Cannot tell what ${sanitizeFileName(req.fileName)} is: upload an .avsc, a .proto, or a descriptor set (.desc, .pb), or send format.`,
    );
  }
  const name = sanitizeFileName(req.fileName);
  if (format === "descriptor-set") {
    if (req.base64 === undefined || req.text !== undefined)
      throw new AppError("invalid_input", "Send a descriptor set's bytes in base64 (base64), not as text.");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(req.base64) || req.base64.length % 4 !== 0) throw new AppError("invalid_input", "base64 is not valid base64.");
    const bytes = new Uint8Array(Buffer.from(req.base64, "base64"));
    if (bytes.byteLength === 0) throw new AppError("invalid_input", "The descriptor set is empty.");
    if (bytes.byteLength > SCHEMA_LIMITS.descriptorMaxBytes) {
      throw new AppError(
        "payload_too_large",
        `The descriptor set is ${bytes.byteLength.toLocaleString("en-US")} bytes; at most ${SCHEMA_LIMITS.descriptorMaxBytes.toLocaleString("en-US")} are kept.`,
      );
    }
    return { format, name, input: bytes, ...(req.messageType ? { messageType: req.messageType } : {}) };
  }
  if (req.text === undefined || req.base64 !== undefined)
    throw new AppError("invalid_input", `Send the ${format === "avsc" ? ".avsc" : ".proto"} file's text (text).`);
  const size = Buffer.byteLength(req.text, "utf8");
  if (size === 0 || req.text.trim() === "") throw new AppError("invalid_input", "The schema file is empty.");
  if (size > SCHEMA_LIMITS.textMaxBytes) {
    throw new AppError(
      "payload_too_large",
      `The schema file is ${size.toLocaleString("en-US")} bytes; at most ${SCHEMA_LIMITS.textMaxBytes.toLocaleString("en-US")} are kept.`,
    );
  }
  if (format === "avsc" && req.messageType) throw new AppError("invalid_input", "messageType is for Protobuf schemas; an Avro schema names its own record.");
  return { format, name, input: req.text, ...(req.messageType ? { messageType: req.messageType } : {}) };
}

/** Writes `data` to `file` whole or not at all: a temporary file beside it, flushed, then renamed. */
async function writeAtomically(file: string, data: string): Promise<void> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  const handle = await open(tmp, "wx", 0o600);
  try {
    await handle.writeFile(data, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

// One write at a time per stream directory, so the per-stream cap holds under concurrent uploads.
async function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const locks = storeState().locks;
  const previous = locks.get(key) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(work);
  locks.set(key, next);
  try {
    return await next;
  } finally {
    if (locks.get(key) === next) locks.delete(key);
  }
}

/** Checks, compiles and keeps an uploaded schema; it becomes the one the stream decodes with. */
export async function addStreamSchema(scope: Scope, stream: string, body: unknown): Promise<StoredSchema> {
  const upload = checkUpload(body);
  const compiled = compileSchemaFile(upload.format, upload.input, upload.messageType);
  if (!compiled.ok) throw new AppError("invalid_input", compiled.message);
  const dir = dirOf(scope, stream);
  return serialized(dir, async () => {
    const existing = await readSchemaFiles(dir);
    if (existing.length >= SCHEMA_LIMITS.perStream) {
      throw new AppError("invalid_input", `The stream ${stream} already has ${existing.length} schemas, the most Shardscope keeps; remove one first.`);
    }
    const newest = existing[0]?.uploadedAt;
    // Strictly after the newest, so "most recent" is well defined even within one millisecond.
    let at = Date.now();
    if (newest && Date.parse(newest) >= at) at = Date.parse(newest) + 1;
    const file: SchemaFile = {
      id: randomUUID(),
      name: upload.name,
      kind: compiled.schema.kind,
      format: upload.format,
      ...(compiled.schema.messageType ? { messageType: compiled.schema.messageType } : {}),
      bytes: typeof upload.input === "string" ? Buffer.byteLength(upload.input, "utf8") : upload.input.byteLength,
      uploadedAt: new Date(at).toISOString(),
      text: compiled.schema.text,
    };
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeAtomically(path.join(dir, schemaFileName(file.id)), JSON.stringify(file));
    } catch (e) {
      throw storeError("write", e);
    }
    storeState().active.delete(dir);
    return view(file, true);
  });
}

/** Removes one schema; a 404 when the stream has no schema with that id. */
export async function removeStreamSchema(scope: Scope, stream: string, id: string): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw new AppError("invalid_input", "The schema id must be a UUID, as the schema list gives it.");
  const dir = dirOf(scope, stream);
  await serialized(dir, async () => {
    const file = path.join(dir, schemaFileName(id.toLowerCase()));
    try {
      await rm(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new AppError("not_found", `The stream ${stream} has no schema ${id}.`);
      throw storeError("write", e);
    } finally {
      storeState().active.delete(dir);
    }
  });
}
