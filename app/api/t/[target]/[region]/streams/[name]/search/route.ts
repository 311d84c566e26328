import { searchQuerySchema } from "@/lib/search/search-query";
import { clientAddress, otherMethods, parseOrThrow, route, searchParamsObject, streamFrom, type StreamRouteContext } from "@/lib/server/http";
import { openSearch } from "@/lib/server/search/search-service";
import { sseResponse } from "@/lib/server/tail/sse";
import { maskingPrincipal } from "@/lib/server/auth/record-access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(async (req, ctx: StreamRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  const query = parseOrThrow(searchQuerySchema, searchParamsObject(req.url));
  const session = await openSearch({
    scope,
    stream,
    query,
    signal: req.signal,
    client: clientAddress(req),
    principal: await maskingPrincipal(req),
    format: "sse",
  });
  return sseResponse(session, req.signal);
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
