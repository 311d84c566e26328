import type { GlueSchemaVersionsResponse } from "@/lib/schemas/types";
import { AppError } from "@/lib/server/errors";
import { json, otherMethods, route, scopeFrom } from "@/lib/server/http";
import { glueNamesFrom } from "@/lib/server/schemas/glue-params";
import { listSchemaVersions } from "@/lib/server/schemas/glue-registry";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ target: string; region: string; registry: string; schema: string }>;
}

export const GET = route(async (_req, ctx: Context) => {
  const scope = await scopeFrom(ctx);
  const { registry, schema } = glueNamesFrom(await ctx.params);
  if (schema === undefined) throw new AppError("invalid_input", "The URL names no schema.");
  return json<GlueSchemaVersionsResponse>(await listSchemaVersions(scope, registry, schema));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
