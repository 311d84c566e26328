import { recordsQuerySchema } from "@/lib/records/records-query";
import type { PutRecordsResponse } from "@/lib/put/types";
import { KINESIS_MAX_RECORD_BYTES, PUT_LIMITS } from "@/lib/put/limits";
import { json, otherMethods, parseOrThrow, route, searchParamsObject, streamFrom, type StreamRouteContext } from "@/lib/server/http";
import { putRecords, recordsFromBody } from "@/lib/server/kinesis/put";
import { browseRecords } from "@/lib/server/kinesis/records";
import { describeStream } from "@/lib/server/kinesis/streams";
import { guardWrite } from "@/lib/server/write-guard";
import { countedWrite, writeOutcome } from "@/lib/server/ops/metrics";

export const dynamic = "force-dynamic";

export const GET = route(async (req, ctx: StreamRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  const q = parseOrThrow(recordsQuerySchema, searchParamsObject(req.url));
  return json(await browseRecords(scope, { stream, ...q }));
});

export const POST = route(async (req, ctx: StreamRouteContext) => {
  // Counted in the metrics with its outcome (refused, invalid, failed, partial, ok).
  const answer = await countedWrite(
    "put",
    async () => {
      const body = await guardWrite(req, PUT_LIMITS.requestMaxBodyBytes);
      const { scope, stream } = await streamFrom(ctx);
      // Every rule that needs no AWS call first (a bad request calls nothing), then the size against
      // this stream's own maximum record size.
      recordsFromBody(body, KINESIS_MAX_RECORD_BYTES);
      const { maxRecordSizeKiB } = await describeStream(scope, stream);
      const records = recordsFromBody(body, maxRecordSizeKiB * 1024);
      return putRecords(scope, stream, records);
    },
    (out) => writeOutcome(out.results.filter((r) => "errorCode" in r).length, out.results.length),
  );
  return json<PutRecordsResponse>(answer);
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
