import type { ShardListResponse } from "@/lib/streams/types";
import { json, otherMethods, route, streamFrom, type StreamRouteContext } from "@/lib/server/http";
import { listShards } from "@/lib/server/kinesis/shards";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  return json<ShardListResponse>({ shards: await listShards(scope, stream) });
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
