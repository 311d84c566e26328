import type { AlarmsResponse } from "@/lib/metrics/types";
import { streamAlarms } from "@/lib/server/cloudwatch/alarms";
import { cloudwatchUsage } from "@/lib/server/cloudwatch/usage";
import { describeStream } from "@/lib/server/kinesis/streams";
import { json, otherMethods, route, streamFrom, type StreamRouteContext } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  await describeStream(scope, stream); // an unknown stream is a 404, as on every other stream route
  const { alarms, fetchedAt } = await streamAlarms(scope, stream);
  return json<AlarmsResponse>({
    alarms,
    usage: { callsLastMinute: cloudwatchUsage(scope).snapshot().callsLastMinute },
    fetchedAt: new Date(fetchedAt).toISOString(),
  });
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
