import type { StoredSchema, StreamSchemasResponse } from "@/lib/schemas/types";
import { SCHEMA_LIMITS } from "@/lib/schemas/types";
import { json, otherMethods, route, streamFrom, type StreamRouteContext } from "@/lib/server/http";
import { describeStream } from "@/lib/server/kinesis/streams";
import { addStreamSchema, listStreamSchemas } from "@/lib/server/schemas/schema-store";
import { guardWrite } from "@/lib/server/write-guard";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, ctx: StreamRouteContext) => {
  const { scope, stream } = await streamFrom(ctx);
  return json<StreamSchemasResponse>({ schemas: await listStreamSchemas(scope, stream) });
});

export const POST = route(async (req, ctx: StreamRouteContext) => {
  const body = await guardWrite(req, SCHEMA_LIMITS.requestMaxBodyBytes);
  const { scope, stream } = await streamFrom(ctx);
  // Only for a stream that exists (a 404 otherwise): nothing is kept for a name nobody uses.
  await describeStream(scope, stream);
  return json<StoredSchema>(await addStreamSchema(scope, stream, body));
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
