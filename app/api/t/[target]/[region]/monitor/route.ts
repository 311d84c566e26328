import { monitorQuerySchema } from "@/lib/metrics/metrics-query";
import { getMonitor, monitorRequest } from "@/lib/server/cloudwatch/monitor";
import { json, otherMethods, parseOrThrow, route, scopeFrom, searchParamsObject, type ScopeRouteContext } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async (req, ctx: ScopeRouteContext) => {
  const q = parseOrThrow(monitorQuerySchema, searchParamsObject(req.url));
  return json(await getMonitor(await scopeFrom(ctx), monitorRequest(q)));
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
