import { streamNameSchema } from "@/lib/api/params";
import { parseOrThrow } from "@/lib/server/http";

export interface StreamRouteContext {
  params: Promise<{ name: string }>;
}

export async function streamNameFrom(ctx: StreamRouteContext): Promise<string> {
  const { name } = await ctx.params;
  return parseOrThrow(streamNameSchema, decodeURIComponent(name));
}
