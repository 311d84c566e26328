import type { ShardListResponse } from "@/lib/api/types";
import { json, route } from "@/lib/server/http";
import { listShards } from "@/lib/server/kinesis/shards";
import { streamNameFrom, type StreamRouteContext } from "../params";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) =>
  json<ShardListResponse>({ shards: await listShards(await streamNameFrom(ctx)) }),
);
