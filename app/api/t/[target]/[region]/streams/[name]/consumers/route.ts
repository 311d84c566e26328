import type { StreamConsumersResponse } from "@/lib/consumers/types";
import { streamConsumers } from "@/lib/server/consumers/consumers-service";
import { json, otherMethods, route, streamFrom, type StreamRouteContext } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  return json<StreamConsumersResponse>(await streamConsumers(scope, stream));
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
