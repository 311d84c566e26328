import "server-only";
// Route-handler plumbing: parse input, run, and turn any failure into `{ error: { code, message } }`
// with the right status. Unexpected errors are logged here and never reach the browser as stacks.
import { NextResponse } from "next/server";
import type { z } from "zod";
import { describeZodError, streamNameSchema } from "@/lib/http/params";
import { AppError } from "@/lib/server/errors";
import { log } from "@/lib/server/ops/log";
import { REQUEST_ID_HEADER } from "@/lib/server/ops/request-id";
import { resolveScope } from "@/lib/server/targets/registry";
import type { Scope } from "@/lib/server/targets/scope";

export function json<T>(body: T, init?: { status?: number; headers?: Record<string, string> }): NextResponse<T> {
  return NextResponse.json(body, { status: init?.status ?? 200, headers: { "cache-control": "no-store", ...init?.headers } });
}

export function errorResponse(error: unknown, req?: Request): NextResponse {
  const appError = error instanceof AppError ? error : new AppError("internal", "Shardscope hit an unexpected error; the server log has the details.");
  if (!(error instanceof AppError)) log().error({ err: error, reqId: req ? requestIdOf(req) : undefined }, "unhandled error in route");
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

/** The request id proxy.ts gave this request (X-Request-Id), for the log. */
export function requestIdOf(req: Request): string | undefined {
  return req.headers.get(REQUEST_ID_HEADER) ?? undefined;
}

export interface RouteOptions {
  /** The level of the request's log line: `debug` for probes, which a load balancer calls every few seconds. */
  logLevel?: "info" | "debug";
}

/**
 * Wraps a handler so that every thrown error becomes a safe JSON error response, and logs one line
 * per request: method, path, status, duration and the request id (an event stream's line is
 * written when its response starts, with the time to its first byte).
 */
export function route<C>(handler: (req: Request, ctx: C) => Promise<Response>, options: RouteOptions = {}) {
  return async (req: Request, ctx: C): Promise<Response> => {
    const started = performance.now();
    let response: Response;
    try {
      response = await handler(req, ctx);
    } catch (error) {
      response = errorResponse(error, req);
    }
    const path = new URL(req.url).pathname;
    log()[options.logLevel ?? "info"](
      {
        reqId: requestIdOf(req),
        method: req.method,
        path: path.length > 300 ? `${path.slice(0, 300)}…` : path,
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      "request",
    );
    return response;
  };
}

/** The context Next passes to handlers under app/api/t/[target]/[region]/. */
export interface ScopeRouteContext {
  params: Promise<{ target: string; region: string }>;
}

/** The context Next passes to handlers under app/api/t/[target]/[region]/streams/[name]/. */
export interface StreamRouteContext {
  params: Promise<{ target: string; region: string; name: string }>;
}

/** The scope (a configured target in one of its regions) the path names; a 404 naming what exists otherwise. */
export async function scopeFrom(ctx: ScopeRouteContext): Promise<Scope> {
  const { target, region } = await ctx.params;
  return resolveScope(decodeSegment(target, "target name"), decodeSegment(region, "region"));
}

/** The scope and the stream name the path names. */
export async function streamFrom(ctx: StreamRouteContext): Promise<{ scope: Scope; stream: string }> {
  const scope = await scopeFrom(ctx);
  return { scope, stream: await streamNameFrom(ctx) };
}

function decodeSegment(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError("invalid_input", `The ${what} in the URL is not valid percent-encoding.`);
  }
}

/** The stream name from the path, validated with Kinesis's own naming rules. */
async function streamNameFrom(ctx: StreamRouteContext): Promise<string> {
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

/** The methods Next routes to a route handler; anything else it refuses itself. */
const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];
type Handler = (req: Request) => Promise<Response>;
/** GET also serves HEAD (Next answers HEAD with the GET handler); OPTIONS is always answered. */
type Unserved<S extends HttpMethod> = Exclude<HttpMethod, S | "OPTIONS" | ("GET" extends S ? "HEAD" : never)>;

/** The methods a route answers, as an `Allow` header lists them. */
function allowHeader(served: readonly HttpMethod[]): string {
  const all = new Set<HttpMethod>([...served, "OPTIONS"]);
  if (all.has("GET")) all.add("HEAD");
  return [...all].sort().join(", ");
}

/**
 * Handlers for every method a route does not serve: a JSON 405 `method_not_allowed` naming the
 * methods it does serve, with an `Allow` header, and OPTIONS as a 204 with the same header.
 * (Next's own answer to an unexported method is an empty 405 without `Allow`.) Use as
 * `export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");`.
 */
export function otherMethods<S extends HttpMethod>(...served: S[]): Record<Unserved<S> | "OPTIONS", Handler> {
  const allow = allowHeader(served);
  const refuse: Handler = async (req) =>
    NextResponse.json(new AppError("method_not_allowed", `${req.method} is not allowed on ${new URL(req.url).pathname}; it answers ${allow}.`).toBody(), {
      status: 405,
      headers: { allow, "cache-control": "no-store" },
    });
  const handlers: Partial<Record<HttpMethod, Handler>> = {
    OPTIONS: async () => new Response(null, { status: 204, headers: { allow, "cache-control": "no-store" } }),
  };
  for (const m of HTTP_METHODS) {
    if (m === "OPTIONS" || (served as HttpMethod[]).includes(m) || (m === "HEAD" && (served as HttpMethod[]).includes("GET"))) continue;
    handlers[m] = refuse;
  }
  return handlers as Record<Unserved<S> | "OPTIONS", Handler>;
}

/** Every method of a path no route serves: a JSON 404 instead of Next's HTML page. */
export async function noSuchRoute(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  return NextResponse.json(
    new AppError(
      "not_found",
      `There is no API route ${path.length > 200 ? `${path.slice(0, 200)}…` : path}; the README's "HTTP API" section lists them.`,
    ).toBody(),
    { status: 404, headers: { "cache-control": "no-store" } },
  );
}
