import { recordQuerySchema, recordSequenceSchema } from "@/lib/records/record-query";
import type { RecordView } from "@/lib/records/types";
import { json, otherMethods, parseOrThrow, route, searchParamsObject, streamFrom } from "@/lib/server/http";
import { readRecord } from "@/lib/server/kinesis/records";
import { maskingPrincipal } from "@/lib/server/auth/record-access";

export const dynamic = "force-dynamic";

interface RecordRouteContext {
  params: Promise<{ target: string; region: string; name: string; seq: string }>;
}

export const GET = route(async (req, ctx: RecordRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  const sequenceNumber = parseOrThrow(recordSequenceSchema, (await ctx.params).seq);
  const q = parseOrThrow(recordQuerySchema, searchParamsObject(req.url));
  return json<RecordView>(
    await readRecord(scope, { stream, shardId: q.shardId, sequenceNumber, decoder: q.decoder, full: q.full === "1", principal: await maskingPrincipal(req) }),
  );
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
