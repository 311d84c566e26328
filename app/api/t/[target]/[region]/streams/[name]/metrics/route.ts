import { metricsQuerySchema } from "@/lib/metrics/metrics-query";
import { getStreamMetrics } from "@/lib/server/cloudwatch/stream-metrics";
import { json, otherMethods, parseOrThrow, route, searchParamsObject, streamFrom, type StreamRouteContext } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async (req, ctx: StreamRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  const q = parseOrThrow(metricsQuerySchema, searchParamsObject(req.url));
  return json(await getStreamMetrics(scope, { stream, ...q }));
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
