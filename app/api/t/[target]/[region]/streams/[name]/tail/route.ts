import { tailQuerySchema } from "@/lib/tail/tail-query";
import { clientAddress, otherMethods, parseOrThrow, route, searchParamsObject, streamFrom, type StreamRouteContext } from "@/lib/server/http";
import { sseResponse } from "@/lib/server/tail/sse";
import { openTail } from "@/lib/server/tail/tail-service";
import { maskingPrincipal } from "@/lib/server/auth/record-access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(async (req, ctx: StreamRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  const query = parseOrThrow(tailQuerySchema, searchParamsObject(req.url));
  const session = await openTail({ scope, stream, query, request: req, client: clientAddress(req), principal: await maskingPrincipal(req) });
  return sseResponse(session, req.signal);
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
