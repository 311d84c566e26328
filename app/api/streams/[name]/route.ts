import { json, route } from "@/lib/server/http";
import { describeStream } from "@/lib/server/kinesis/streams";
import { streamNameFrom, type StreamRouteContext } from "./params";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) => json(await describeStream(await streamNameFrom(ctx))));
