import { searchQuerySchema } from "@/lib/search/search-query";
import { clientAddress, otherMethods, parseOrThrow, route, searchParamsObject, streamFrom, type StreamRouteContext } from "@/lib/server/http";
import { ndjsonResponse } from "@/lib/server/search/ndjson";
import { openSearch } from "@/lib/server/search/search-service";
import { requireExport } from "@/lib/server/auth/record-access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(async (req, ctx: StreamRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  const query = parseOrThrow(searchQuerySchema, searchParamsObject(req.url));
  // A role may be refused downloads (`export: false`); else its masking principal.
  const principal = await requireExport(req);
  const session = await openSearch({
    scope,
    stream,
    query,
    signal: req.signal,
    client: clientAddress(req),
    principal,
    format: "ndjson",
  });
  return ndjsonResponse(session, req.signal, `${stream}-search-${new Date().toISOString().replace(/[:.]/g, "-")}.ndjson`);
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
