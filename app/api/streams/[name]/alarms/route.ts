import type { AlarmsResponse } from "@/lib/metrics/types";
import { streamAlarms } from "@/lib/server/cloudwatch/alarms";
import { cloudwatchUsage } from "@/lib/server/cloudwatch/usage";
import { describeStream } from "@/lib/server/kinesis/streams";
import { json, otherMethods, route, streamNameFrom, type StreamRouteContext } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) => {
  const stream = await streamNameFrom(ctx);
  await describeStream(stream); // an unknown stream is a 404, as on every other stream route
  const { alarms, fetchedAt } = await streamAlarms(stream);
  return json<AlarmsResponse>({
    alarms,
    usage: { callsLastMinute: cloudwatchUsage().snapshot().callsLastMinute },
    fetchedAt: new Date(fetchedAt).toISOString(),
  });
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
