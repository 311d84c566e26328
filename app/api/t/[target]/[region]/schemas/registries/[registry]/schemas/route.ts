import type { GlueSchemasResponse } from "@/lib/schemas/types";
import { json, otherMethods, route, scopeFrom } from "@/lib/server/http";
import { glueNamesFrom } from "@/lib/server/schemas/glue-params";
import { listSchemas } from "@/lib/server/schemas/glue-registry";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ target: string; region: string; registry: string }>;
}

export const GET = route(async (_req, ctx: Context) => {
  const scope = await scopeFrom(ctx);
  const { registry } = glueNamesFrom(await ctx.params);
  return json<GlueSchemasResponse>(await listSchemas(scope, registry));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
