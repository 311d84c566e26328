import { json, route, streamNameFrom, type StreamRouteContext } from "@/lib/server/http";
import { describeStream } from "@/lib/server/kinesis/streams";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) => json(await describeStream(await streamNameFrom(ctx))));
