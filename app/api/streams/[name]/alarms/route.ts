import type { AlarmsResponse } from "@/lib/api/metrics-types";
import { streamAlarms } from "@/lib/server/cloudwatch/alarms";
import { cloudwatchUsage } from "@/lib/server/cloudwatch/usage";
import { json, route, streamNameFrom, type StreamRouteContext } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) => {
  const { alarms, fetchedAt } = await streamAlarms(await streamNameFrom(ctx));
  return json<AlarmsResponse>({ alarms, usage: { callsLastMinute: cloudwatchUsage().snapshot().callsLastMinute }, fetchedAt: new Date(fetchedAt).toISOString() });
});
