import type { ShardListResponse } from "@/lib/api/types";
import { json, route, streamNameFrom, type StreamRouteContext } from "@/lib/server/http";
import { listShards } from "@/lib/server/kinesis/shards";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) =>
  json<ShardListResponse>({ shards: await listShards(await streamNameFrom(ctx)) }),
);
