import { json, route, streamNameFrom, type StreamRouteContext } from "@/lib/server/http";
import { describeStreamDetails } from "@/lib/server/kinesis/streams";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) => json(await describeStreamDetails(await streamNameFrom(ctx))));
