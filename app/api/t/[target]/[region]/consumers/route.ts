import type { AllConsumersResponse } from "@/lib/consumers/types";
import { allConsumers } from "@/lib/server/consumers/consumers-service";
import { json, otherMethods, route, scopeFrom, type ScopeRouteContext } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: ScopeRouteContext) => json<AllConsumersResponse>(await allConsumers(await scopeFrom(ctx))));

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
