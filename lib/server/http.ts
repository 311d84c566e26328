import "server-only";
// Route-handler plumbing: parse input, run, and turn any failure into `{ error: { code, message } }`
// with the right status. Unexpected errors are logged here and never reach the browser as stacks.
import { NextResponse } from "next/server";
import type { z } from "zod";
import { describeZodError, streamNameSchema } from "@/lib/api/params";
import { AppError } from "@/lib/server/errors";

export function json<T>(body: T, init?: { status?: number; headers?: Record<string, string> }): NextResponse<T> {
  return NextResponse.json(body, { status: init?.status ?? 200, headers: { "cache-control": "no-store", ...init?.headers } });
}

export function errorResponse(error: unknown): NextResponse {
  const appError =
    error instanceof AppError ? error : new AppError("internal", "Shardscope hit an unexpected error; the server log has the details.");
  if (!(error instanceof AppError)) console.error("[shardscope] unhandled error in route", error);
  return NextResponse.json(appError.toBody(), { status: appError.status, headers: { "cache-control": "no-store" } });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("invalid_input", describeZodError(result.error));
  return result.data;
}

export function searchParamsObject(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams.entries());
}

/** Wraps a handler so that every thrown error becomes a safe JSON error response. */
export function route<C>(handler: (req: Request, ctx: C) => Promise<Response>) {
  return async (req: Request, ctx: C): Promise<Response> => {
    try {
      return await handler(req, ctx);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The context Next passes to handlers under app/api/streams/[name]/. */
export interface StreamRouteContext {
  params: Promise<{ name: string }>;
}

/** The stream name from the path, validated with Kinesis's own naming rules. */
export async function streamNameFrom(ctx: StreamRouteContext): Promise<string> {
  const { name } = await ctx.params;
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    throw new AppError("invalid_input", "The stream name in the URL is not valid percent-encoding.");
  }
  return parseOrThrow(streamNameSchema, decoded);
}

/**
 * Who sent a request, for per-client limits: the address Next saw (it sets X-Forwarded-For from
 * the socket unless a proxy in front already did). A client that forges the header can only
 * spread itself over several per-client limits, never past the server's own.
 */
export function clientAddress(req: Request): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim().slice(0, 100) || "unknown";
}
