import { json, otherMethods, route, scopeFrom, type ScopeRouteContext } from "@/lib/server/http";
import { checkHealth } from "@/lib/server/target";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: ScopeRouteContext) => {
  const health = await checkHealth(await scopeFrom(ctx));
  return json(health, { status: health.ok ? 200 : 503 });
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
