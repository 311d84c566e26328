import "server-only";
// Schema versions from the AWS Glue Schema Registry, by the id a GSR record carries:
// GetSchemaVersion, one client per scope, at most a few calls at once and a few a second (the
// records' writers choose the ids, so an unknown id must stay cheap), compiled once and kept for
// the server's life (a schema version never changes). Failures are kept for a short while, so a
// batch of records naming an unreachable registry costs one call, not one per record.
import { GetSchemaVersionCommand, type GetSchemaVersionCommandOutput } from "@aws-sdk/client-glue";
import { compileSchema } from "@/lib/records/schemas/compile";
import type { SchemaLookupResult } from "@/lib/records/schema-resolver";
import { isUuid } from "@/lib/records/schemas/wire";
import type { SchemaFormat } from "@/lib/records/types";
import { glueClient } from "@/lib/server/aws/clients";
import type { Scope } from "@/lib/server/targets/scope";
import { RateLimiter } from "@/lib/server/util/rate-limiter";

/** How long a failed lookup is remembered before it is tried again. */
export const GLUE_FAILURE_TTL_MS = 30_000;
/** Distinct versions kept (compiled); past this the oldest are forgotten (and fetched again if met). */
const MAX_VERSIONS = 2_000;
/** Failures remembered, and fetches queued at once: ids beyond these are not looked up for now. */
const MAX_FAILURES = 1_000;
const MAX_QUEUED = 64;

export interface GlueVersion {
  format: SchemaFormat;
  definition: string;
  registry: string;
  name: string;
  version?: number;
  versionId: string;
}

/** GetSchemaVersion, as this scope's Glue answers it; a test may stand in its own. */
export type FetchGlueVersion = (versionId: string) => Promise<GlueVersion>;

export class GlueSchemaCache {
  private readonly versions = new Map<string, SchemaLookupResult>();
  private readonly failures = new Map<string, { result: SchemaLookupResult; until: number }>();
  private readonly inflight = new Map<string, Promise<SchemaLookupResult>>();
  private readonly limiter = new RateLimiter(4, 10);

  constructor(
    private readonly fetchVersion: FetchGlueVersion,
    private readonly now: () => number = Date.now,
  ) {}

  /** What is known of `versionId` now, without asking Glue. */
  known(versionId: string): SchemaLookupResult | undefined {
    const ok = this.versions.get(versionId);
    if (ok) return ok;
    const failed = this.failures.get(versionId);
    if (failed && failed.until > this.now()) return failed.result;
    return undefined;
  }

  /** The schema version, fetched and compiled if it is not known yet; never rejects. */
  resolve(versionId: string): Promise<SchemaLookupResult> {
    const known = this.known(versionId);
    if (known) return Promise.resolve(known);
    const running = this.inflight.get(versionId);
    if (running) return running;
    if (this.inflight.size >= MAX_QUEUED) {
      return Promise.resolve({ ok: false, reason: "too many schema versions are being fetched from Glue at once; it will be tried again" });
    }
    const task = this.limiter
      .run(() => this.fetchAndCompile(versionId))
      .then((result) => {
        this.remember(versionId, result);
        return result;
      })
      .finally(() => this.inflight.delete(versionId));
    this.inflight.set(versionId, task);
    return task;
  }

  /** Every fetch started so far, settled. */
  async settle(): Promise<void> {
    await Promise.all([...this.inflight.values()]);
  }

  private async fetchAndCompile(versionId: string): Promise<SchemaLookupResult> {
    if (!isUuid(versionId)) return { ok: false, reason: "the schema version id is not a UUID" };
    let version: GlueVersion;
    try {
      version = await this.fetchVersion(versionId);
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    const compiled = compileSchema({
      format: version.format,
      text: version.definition,
      info: { source: "glue", registry: version.registry, name: version.name, ...(version.version !== undefined && { version: version.version }), versionId },
    });
    if (!compiled.ok) return { ok: false, reason: `the registry's schema ${version.registry}/${version.name} does not compile: ${compiled.reason}` };
    return compiled;
  }

  private remember(versionId: string, result: SchemaLookupResult): void {
    if (result.ok) {
      if (this.versions.size >= MAX_VERSIONS) this.versions.delete(this.versions.keys().next().value!);
      this.versions.set(versionId, result);
      this.failures.delete(versionId);
      return;
    }
    if (this.failures.size >= MAX_FAILURES) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(versionId, { result, until: this.now() + GLUE_FAILURE_TTL_MS });
  }
}

/** The scope's cache, asking the scope's Glue. */
export function glueSchemas(scope: Scope): GlueSchemaCache {
  return scope.state("schemas.glue", () => new GlueSchemaCache((id) => getSchemaVersion(scope, id)));
}

const DATA_FORMATS: Record<string, SchemaFormat> = { AVRO: "avro", JSON: "jsonschema", PROTOBUF: "protobuf" };

async function getSchemaVersion(scope: Scope, versionId: string): Promise<GlueVersion> {
  // An emulator target asks nothing of AWS: without a Glue endpoint there is no registry.
  if (scope.local && !scope.endpointOverride("glue")) {
    throw new Error(`target ${scope.target} is a local emulator with no Glue endpoint configured, so there is no schema registry to ask`);
  }
  let out: GetSchemaVersionCommandOutput;
  try {
    out = await glueClient(scope).send(new GetSchemaVersionCommand({ SchemaVersionId: versionId }), { abortSignal: AbortSignal.timeout(10_000) });
  } catch (error) {
    if ((error as { name?: string }).name === "EntityNotFoundException") throw new Error(`Glue has no schema version ${versionId} in ${scope.region}`);
    const mapped = scope.awsError("Glue", error);
    if (mapped.code === "not_found") throw new Error(`Glue has no schema version ${versionId} in ${scope.region}`);
    if (mapped.code === "access_denied") throw new Error(`Glue denied access (glue:GetSchemaVersion is needed): ${mapped.message}`);
    throw new Error(mapped.message);
  }
  const format = DATA_FORMATS[out.DataFormat ?? ""];
  if (!format) throw new Error(`Glue's schema version has the data format ${out.DataFormat ?? "(none)"}, which Shardscope does not decode`);
  if (out.SchemaDefinition === undefined) throw new Error("Glue returned the schema version without its definition");
  // arn:aws:glue:<region>:<account>:schema/<registry>/<schema>
  const path = out.SchemaArn?.split(":schema/")[1]?.split("/") ?? [];
  return {
    format,
    definition: out.SchemaDefinition,
    registry: path[0] ?? "unknown registry",
    name: path.slice(1).join("/") || "unknown schema",
    ...(out.VersionNumber !== undefined && { version: out.VersionNumber }),
    versionId,
  };
}
