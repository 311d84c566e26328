import "server-only";
// Makes a batch of records ready for the synchronous decoder chain: the stream's attached schema
// compiled, and the Glue schema versions its records name fetched. The records API and search
// decode the batch once to learn every id (in KPL aggregates and gzip too), fetch the missing
// ones and let those records decode again; a tail reader, which does not know its viewers'
// decoders, looks at the records' own headers only, and anything deeper is fetched in the
// background for the next batch.
import { createHash } from "node:crypto";
import type { SchemaLookup, SchemaLookupResult } from "@/lib/records/schema-resolver";
import { compileSchema } from "@/lib/records/schemas/compile";
import { hasGsrHeader, parseGsr } from "@/lib/records/schemas/wire";
import type { DecoderName } from "@/lib/records/types";
import type { ReadRecord } from "@/lib/server/kinesis/read-record";
import type { Scope } from "@/lib/server/targets/scope";
import { glueSchemas, type GlueSchemaCache } from "./glue-resolver";
import { streamSchemaFor, type StreamSchema } from "./stream-schemas";

/** A stream's schemas as the chain sees them; counts the Glue ids it was asked for and lacked. */
export class StreamSchemas implements SchemaLookup {
  /** Lookups of an id not known yet, ever: a decoding made meanwhile is incomplete. */
  misses = 0;
  private attached: SchemaLookupResult | undefined;
  private attachedKey = "";
  /** The store's last answer (the same object while the store's cache holds it). */
  private answer: StreamSchema | undefined | null = null;

  constructor(
    private readonly scope: Scope,
    private readonly streamName: string,
    private readonly glueCache: GlueSchemaCache,
  ) {}

  glue(versionId: string): SchemaLookupResult | undefined {
    const known = this.glueCache.known(versionId);
    if (!known) {
      this.misses++;
      // Fetched in the background; whoever decodes this record next gets it.
      void this.glueCache.resolve(versionId);
    }
    return known;
  }

  stream(): SchemaLookupResult | undefined {
    return this.attached;
  }

  /**
   * Asks the store for the stream's schema. The store keeps its answer in memory until a schema is
   * attached or removed (or for a few seconds), so a batch decoded right after an upload uses it;
   * the schema is compiled again only when the answer changes.
   */
  async refresh(): Promise<void> {
    let schema: StreamSchema | undefined;
    try {
      schema = await streamSchemaFor(this.scope, this.streamName);
    } catch (error) {
      this.attached = { ok: false, reason: `the schema store could not be read (${error instanceof Error ? error.message : String(error)})` };
      this.attachedKey = "";
      this.answer = null;
      return;
    }
    if (schema === this.answer) return;
    this.answer = schema;
    const key = schema ? keyOf(schema) : "";
    if (key === this.attachedKey) return;
    this.attachedKey = key;
    this.attached = schema
      ? compileSchema({
          format: schema.kind,
          text: schema.text,
          ...(schema.messageType !== undefined && { messageType: schema.messageType }),
          info: { source: "file", name: schema.name },
        })
      : undefined;
  }

  /** Fetches these Glue versions if they are not known yet. */
  async fetch(versionIds: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(versionIds)].map((id) => this.glueCache.resolve(id)));
  }

  /** Every background fetch started so far, settled. */
  settle(): Promise<void> {
    return this.glueCache.settle();
  }
}

function keyOf(s: StreamSchema): string {
  const hash = createHash("sha256");
  hash.update(`${s.kind}\u0000${s.name}\u0000${s.messageType ?? ""}\u0000${s.text}`);
  return hash.digest("hex");
}

/** The scope's schemas for one stream. */
export function streamSchemas(scope: Scope, stream: string): StreamSchemas {
  const all = scope.state("schemas.streams", () => new Map<string, StreamSchemas>());
  let s = all.get(stream);
  if (!s) {
    s = new StreamSchemas(scope, stream, glueSchemas(scope));
    all.set(stream, s);
  }
  return s;
}

/** Distinct ids fetched for one batch at most; further ones wait for a later batch. */
const MAX_IDS_PER_BATCH = 16;
/**
 * How long a batch waits for Glue: a registry that does not answer must not stall a tail or a
 * page. Past it the batch goes out (its records say the version is not fetched yet) and the
 * fetch carries on for the next batch.
 */
export const PREPARE_WAIT_MS = 3_000;

/** Waits for `work`, at most `ms`. */
async function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * Readies `records` for decoding. With `decoder` (records API, search) every record is decoded
 * once and any id met anywhere is fetched; without (a tail reader) only the records' own headers
 * are read. Never throws: what cannot be fetched is said in each record's warning.
 */
export async function prepareRecords(scope: Scope, stream: string, records: readonly ReadRecord[], decoder?: DecoderName): Promise<void> {
  if (records.length === 0) return;
  try {
    const schemas = streamSchemas(scope, stream);
    await schemas.refresh();
    const ids = new Set<string>();
    for (const r of records) {
      r.useSchemas(schemas);
      const bytes = r.bytes;
      if (ids.size < MAX_IDS_PER_BATCH && hasGsrHeader(bytes)) {
        const frame = parseGsr(bytes);
        if (frame.ok && !schemas.glue(frame.frame.versionId)) ids.add(frame.frame.versionId);
      }
    }
    const started = Date.now();
    await atMost(schemas.fetch(ids), PREPARE_WAIT_MS);
    if (decoder === undefined) return;
    const before = schemas.misses;
    for (const r of records) r.decodedAs(decoder);
    if (schemas.misses !== before) await atMost(schemas.settle(), Math.max(0, PREPARE_WAIT_MS - (Date.now() - started)));
  } catch (error) {
    console.error("[shardscope] preparing schemas failed", error);
  }
}
