import { recordsQuerySchema } from "@/lib/records/records-query";
import type { PutRecordsResponse } from "@/lib/put/types";
import { KINESIS_MAX_RECORD_BYTES, PUT_LIMITS } from "@/lib/put/limits";
import { json, otherMethods, parseOrThrow, route, searchParamsObject, streamFrom, type StreamRouteContext } from "@/lib/server/http";
import { putRecords, recordsFromBody } from "@/lib/server/kinesis/put";
import { browseRecords } from "@/lib/server/kinesis/records";
import { describeStream } from "@/lib/server/kinesis/streams";
import { applySchema, wantsSchema } from "@/lib/server/schemas/put-with-schema";
import { guardWrite } from "@/lib/server/write-guard";
import { auditedWrite, putResultsSummary } from "@/lib/server/auth/audited";
import { maskingPrincipal } from "@/lib/server/auth/record-access";

export const dynamic = "force-dynamic";

export const GET = route(async (req, ctx: StreamRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  const q = parseOrThrow(recordsQuerySchema, searchParamsObject(req.url));
  return json(await browseRecords(scope, { stream, ...q, principal: await maskingPrincipal(req) }));
});

export const POST = route(async (req, ctx: StreamRouteContext) =>
  // Audited whatever happens: written, refused (read-only, role, another site) or failed.
  auditedWrite(
    req,
    "put_records",
    () => streamFrom(ctx),
    async (note) => {
      let body = await guardWrite(req, PUT_LIMITS.requestMaxBodyBytes);
      const { scope, stream } = await streamFrom(ctx);
      // With a registry schema, each record's JSON is serialized and GSR-framed first; the result is
      // an ordinary request, checked by the same rules below.
      if (wantsSchema(body)) body = await applySchema(scope, body);
      // Every rule that needs no AWS call first (a bad request calls nothing), then the size against
      // this stream's own maximum record size.
      note({ records: recordsFromBody(body, KINESIS_MAX_RECORD_BYTES).length });
      const { maxRecordSizeKiB } = await describeStream(scope, stream);
      const records = recordsFromBody(body, maxRecordSizeKiB * 1024);
      const out = await putRecords(scope, stream, records);
      note({ results: putResultsSummary(out) });
      return json<PutRecordsResponse>(out);
    },
  ),
);

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
