import type { GlueRegistriesResponse } from "@/lib/schemas/types";
import { json, otherMethods, route, scopeFrom, type ScopeRouteContext } from "@/lib/server/http";
import { listRegistries } from "@/lib/server/schemas/glue-registry";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: ScopeRouteContext) => json<GlueRegistriesResponse>(await listRegistries(await scopeFrom(ctx))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
