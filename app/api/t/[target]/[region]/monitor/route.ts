import { monitorQuerySchema } from "@/lib/metrics/metrics-query";
import { getMonitor } from "@/lib/server/cloudwatch/monitor";
import { json, otherMethods, parseOrThrow, route, scopeFrom, searchParamsObject, type ScopeRouteContext } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async (req, ctx: ScopeRouteContext) => {
  const q = parseOrThrow(monitorQuerySchema, searchParamsObject(req.url));
  const seconds = (v: number | undefined) => (v === undefined ? undefined : v * 1000);
  return json(
    await getMonitor(await scopeFrom(ctx), {
      streams: q.streams,
      range: q.range,
      thresholds: { iteratorAgeWarnMs: seconds(q.ageWarn), iteratorAgeCritMs: seconds(q.ageCrit), throttleWarn: q.throttleWarn, throttleCrit: q.throttleCrit },
    }),
  );
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
