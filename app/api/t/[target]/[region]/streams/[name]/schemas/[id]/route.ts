import { AppError } from "@/lib/server/errors";
import type { StreamSchemasResponse } from "@/lib/schemas/types";
import { json, otherMethods, route, streamFrom } from "@/lib/server/http";
import { listStreamSchemas, removeStreamSchema } from "@/lib/server/schemas/schema-store";
import { assertSameOrigin, assertWritable } from "@/lib/server/write-guard";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ target: string; region: string; name: string; id: string }>;
}

export const DELETE = route(async (req, ctx: Context) => {
  // A write with no body: read-only and same-origin, as guardWrite checks them.
  assertWritable();
  assertSameOrigin(req);
  const { scope, stream } = await streamFrom(ctx);
  const { id } = await ctx.params;
  let decoded: string;
  try {
    decoded = decodeURIComponent(id);
  } catch {
    throw new AppError("invalid_input", "The schema id in the URL is not valid percent-encoding.");
  }
  await removeStreamSchema(scope, stream, decoded);
  return json<StreamSchemasResponse>({ schemas: await listStreamSchemas(scope, stream) });
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
