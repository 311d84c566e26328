import { recordsQuerySchema } from "@/lib/api/params";
import { json, parseOrThrow, route, searchParamsObject, streamNameFrom, type StreamRouteContext } from "@/lib/server/http";
import { browseRecords } from "@/lib/server/kinesis/records";

export const dynamic = "force-dynamic";

export const GET = route(async (req, ctx: StreamRouteContext) => {
  const stream = await streamNameFrom(ctx);
  const q = parseOrThrow(recordsQuerySchema, searchParamsObject(req.url));
  return json(await browseRecords({ stream, ...q }));
});
