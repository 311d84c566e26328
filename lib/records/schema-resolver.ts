// How the decoder chain (synchronous) and the server's schema lookups (asynchronous) meet.
//
// The server implements `SchemaResolver` (lib/server/schemas): Glue's GetSchemaVersion by id,
// the schema file attached to a stream. Before it decodes a batch (records API, tail, search) it
// prefetches: it decodes with a `SchemaLookup` over what it has compiled so far, which notes the
// version ids it was asked for and did not have; it fetches those, then decodes those records
// again. A schema version never changes, so after the first batch the hot path stays synchronous.
import type { CompiledSchema } from "./schemas/compile";

export type { CompiledSchema, Framing, SchemaDecodeResult, SchemaSourceText } from "./schemas/compile";

/** A schema version, or why it cannot be had (a message a person can act on). */
export type SchemaLookupResult = { ok: true; schema: CompiledSchema } | { ok: false; reason: string };

/** What the synchronous chain asks while it decodes one record. */
export interface SchemaLookup {
  /** Undefined: not fetched yet (the server fetches it and decodes again). */
  glue(versionId: string): SchemaLookupResult | undefined;
  /** The schema attached to the stream, or why it does not compile; undefined when none is. */
  stream(): SchemaLookupResult | undefined;
}

/** What the server provides for one scope and stream. */
export interface SchemaResolver {
  resolveGlue(versionId: string): Promise<SchemaLookupResult>;
  forStream(stream: string): Promise<SchemaLookupResult | undefined>;
}

/** A lookup over schemas already at hand, noting each Glue id it was asked for and lacked. */
export class PrefetchingLookup implements SchemaLookup {
  readonly missing = new Set<string>();

  constructor(
    private readonly known: (versionId: string) => SchemaLookupResult | undefined,
    private readonly attached: SchemaLookupResult | undefined,
  ) {}

  glue(versionId: string): SchemaLookupResult | undefined {
    const found = this.known(versionId);
    if (!found) this.missing.add(versionId);
    return found;
  }

  stream(): SchemaLookupResult | undefined {
    return this.attached;
  }
}
