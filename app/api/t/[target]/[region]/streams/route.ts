import type { StreamListResponse } from "@/lib/streams/types";
import { json, otherMethods, route, scopeFrom, type ScopeRouteContext } from "@/lib/server/http";
import { listStreams } from "@/lib/server/kinesis/streams";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: ScopeRouteContext) => json<StreamListResponse>({ streams: await listStreams(await scopeFrom(ctx)) }));

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
