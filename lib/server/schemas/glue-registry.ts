import "server-only";
// The Glue Schema Registry as the put form needs it: the registries, their schemas and versions
// to choose from, and one version's definition to write with. Our types, never the SDK's.
import { GetSchemaVersionCommand, ListRegistriesCommand, ListSchemasCommand, ListSchemaVersionsCommand, GetSchemaCommand } from "@aws-sdk/client-glue";
import {
  GLUE_DATA_FORMATS,
  type GlueDataFormat,
  type GlueRegistriesResponse,
  type GlueSchemasResponse,
  type GlueSchemaVersionsResponse,
} from "@/lib/schemas/types";
import { glueClient } from "@/lib/server/aws/clients";
import { AppError, scrub } from "@/lib/server/errors";
import type { Scope } from "@/lib/server/targets/scope";

/** Pages followed at most, so a huge registry cannot hold a request for long. */
const MAX_PAGES = 10;

/** Glue's own names for a missing entity and a bad input (HTTP 400 both), then the common mapping. */
function glueError(scope: Scope, e: unknown): AppError {
  const name = (e as { name?: unknown } | null)?.name;
  const message = scrub(String((e as { message?: unknown } | null)?.message ?? "")).slice(0, 300);
  if (name === "EntityNotFoundException") return new AppError("not_found", message || "Glue has no such registry, schema or version.");
  if (name === "InvalidInputException") return new AppError("invalid_input", message || "Glue refused the request as invalid.");
  return scope.awsError("Glue", e);
}

function dataFormatOf(raw: string | undefined): GlueDataFormat | undefined {
  return (GLUE_DATA_FORMATS as readonly string[]).includes(raw ?? "") ? (raw as GlueDataFormat) : undefined;
}

export async function listRegistries(scope: Scope): Promise<GlueRegistriesResponse> {
  const registries: GlueRegistriesResponse["registries"] = [];
  let token: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await glueClient(scope).send(new ListRegistriesCommand({ MaxResults: 100, NextToken: token }));
      for (const r of out.Registries ?? [])
        if (r.RegistryName) registries.push({ name: r.RegistryName, ...(r.Description ? { description: r.Description } : {}) });
      token = out.NextToken;
      if (!token) break;
    }
  } catch (e) {
    throw glueError(scope, e);
  }
  return { registries: registries.sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function listSchemas(scope: Scope, registry: string): Promise<GlueSchemasResponse> {
  const schemas: GlueSchemasResponse["schemas"] = [];
  let token: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await glueClient(scope).send(new ListSchemasCommand({ RegistryId: { RegistryName: registry }, MaxResults: 100, NextToken: token }));
      for (const s of out.Schemas ?? []) if (s.SchemaName) schemas.push({ name: s.SchemaName, ...(s.Description ? { description: s.Description } : {}) });
      token = out.NextToken;
      if (!token) break;
    }
  } catch (e) {
    throw glueError(scope, e);
  }
  return { schemas: schemas.sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function listSchemaVersions(scope: Scope, registry: string, schema: string): Promise<GlueSchemaVersionsResponse> {
  const versions: GlueSchemaVersionsResponse["versions"] = [];
  const schemaId = { RegistryName: registry, SchemaName: schema };
  let dataFormat: GlueDataFormat | undefined;
  try {
    const about = await glueClient(scope).send(new GetSchemaCommand({ SchemaId: schemaId }));
    dataFormat = dataFormatOf(about.DataFormat);
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await glueClient(scope).send(new ListSchemaVersionsCommand({ SchemaId: schemaId, MaxResults: 100, NextToken: token }));
      for (const v of out.Schemas ?? []) {
        if (v.VersionNumber === undefined || !v.SchemaVersionId) continue;
        versions.push({
          versionNumber: v.VersionNumber,
          versionId: v.SchemaVersionId,
          status: v.Status ?? "AVAILABLE",
          ...(v.CreatedTime ? { createdAt: v.CreatedTime } : {}),
        });
      }
      token = out.NextToken;
      if (!token) break;
    }
  } catch (e) {
    throw glueError(scope, e);
  }
  return { ...(dataFormat ? { dataFormat } : {}), versions: versions.sort((a, b) => b.versionNumber - a.versionNumber) };
}

export interface SchemaVersionToWrite {
  versionId: string;
  dataFormat: GlueDataFormat;
  definition: string;
  versionNumber: number;
}

/** One version of a schema, by number, ready to write records with; refused unless it is AVAILABLE. */
export async function schemaVersionToWrite(scope: Scope, registry: string, schema: string, version: number): Promise<SchemaVersionToWrite> {
  let out;
  try {
    out = await glueClient(scope).send(
      new GetSchemaVersionCommand({ SchemaId: { RegistryName: registry, SchemaName: schema }, SchemaVersionNumber: { VersionNumber: version } }),
    );
  } catch (e) {
    throw glueError(scope, e);
  }
  const dataFormat = dataFormatOf(out.DataFormat);
  if (!out.SchemaVersionId || !out.SchemaDefinition || !dataFormat) {
    throw new AppError("invalid_input", `Glue gave no usable definition for version ${version} of ${registry}/${schema}.`);
  }
  if (out.Status && out.Status !== "AVAILABLE") {
    throw new AppError("invalid_input", `Version ${version} of ${registry}/${schema} is ${out.Status}; only an AVAILABLE version can be written with.`);
  }
  return { versionId: out.SchemaVersionId, dataFormat, definition: out.SchemaDefinition, versionNumber: out.VersionNumber ?? version };
}
