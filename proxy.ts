// In front of every request but the build's static files (Next's proxy, formerly middleware):
// 1. refuses what Next itself would turn into a plain-text 500 before any route runs: a path with
//    malformed percent-encoding (400) or a method Next does not route (405);
// 2. the DNS-rebinding guard: a request that names a host this server does not answer (Host or
//    X-Forwarded-Host) is refused with 403 before any route runs;
// 3. the security headers, with a fresh nonce per request in the Content-Security-Policy. The
//    policy is also set on the request, where Next finds the nonce and puts it on the scripts it
//    renders (pages are rendered per request for that: see app/layout.tsx).
// 4. sign-in (SHARDSCOPE_AUTH=oidc|alb): no valid session, no way in (lib/server/auth/gate.ts);
// 5. today's short URLs, which mean the default target in its default region: pages redirect to
//    their `/t/{target}/{region}/…` address (so the URL always says where a page points), API
//    paths are served by the scoped route in place (clients and scripts keep working unchanged).
// 5. a request id (X-Request-Id: a sane one from a proxy in front, else a new one) on the request
//    the routes see, which route() logs, and on the response.
// It reads the environment directly (PORT and SHARDSCOPE_ALLOWED_HOSTS) rather than the whole
// configuration, so that an unrelated bad setting cannot turn every request, assets included,
// into an error here.
import { NextResponse, type NextRequest } from "next/server";
import { defaultScopeRef } from "@/lib/server/targets/registry";
import { shortPathTarget } from "@/lib/server/targets/short-paths";
import { checkRequestHost, hostPolicyFromEnv } from "@/lib/server/host-policy";
import { checkPathAndMethod, refusalResponse } from "@/lib/server/http-guards";
import { contentSecurityPolicy, newNonce, STATIC_SECURITY_HEADERS } from "@/lib/server/security-headers";
import { checkSameOrigin } from "@/lib/server/write-guard";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/server/ops/request-id";
import { countWrite } from "@/lib/server/ops/metrics";
import { authGate } from "@/lib/server/auth/gate";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Liveness and readiness (app/api/live, app/api/ready): no host check, and no sign-in once auth lands. */
const PROBE_PATHS = new Set(["/api/live", "/api/ready"]);

export async function proxy(request: NextRequest): Promise<Response> {
  const requestId = requestIdFor(request.headers.get(REQUEST_ID_HEADER));
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const path = request.nextUrl.pathname;
  // Probes answer any Host: load balancers and Kubernetes probe by IP address. They say only
  // whether the process is up and ready, and must stay open to unauthenticated callers too.
  const hostProblem = PROBE_PATHS.has(path) ? undefined : checkRequestHost(request.headers, hostPolicyFromEnv(process.env));
  const refusal = hostProblem ? undefined : checkPathAndMethod(path, request.method);

  let response: Response;
  let gate: Response | undefined;
  if (hostProblem) {
    response =
      path === "/api" || path.startsWith("/api/")
        ? NextResponse.json({ error: { code: "forbidden", message: hostProblem } }, { status: 403 })
        : new NextResponse(`${hostProblem}\n`, { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
    response.headers.set("cache-control", "no-store");
  } else if (refusal) {
    response = refusalResponse(refusal);
  } else if ((gate = await authGate(request))) {
    // Sign-in (lib/server/auth/gate.ts): 401 JSON for the API, the sign-in page for pages.
    response = gate;
    response.headers.set("cache-control", "no-store");
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("content-security-policy", csp);
    requestHeaders.set(REQUEST_ID_HEADER, requestId);
    const short = shortPathTarget(path);
    const scope = short ? await defaultScopeRef().catch(() => undefined) : undefined;
    // A short API path is served by a rewrite, which Next may proxy with another Host (it calls
    // 127.0.0.1 "localhost"): a write's origin is checked here, against the host the browser
    // addressed, before that happens (the route's write guard checks it again).
    const crossOrigin =
      short?.kind === "api" && !SAFE_METHODS.has(request.method) ? checkSameOrigin(request.headers, hostPolicyFromEnv(process.env)) : undefined;
    if (crossOrigin) {
      // A write refused here never reaches its route: count it as the route would have.
      if (request.method === "POST" && path.endsWith("/records")) countWrite("put", "refused");
      response = NextResponse.json({ error: { code: "forbidden", message: crossOrigin } }, { status: 403 });
    } else if (short && scope) {
      const url = request.nextUrl.clone();
      url.pathname = short.to(scope);
      response = short.kind === "page" ? NextResponse.redirect(url, 307) : NextResponse.rewrite(url, { request: { headers: requestHeaders } });
    } else {
      response = NextResponse.next({ request: { headers: requestHeaders } });
    }
  }
  response.headers.set("content-security-policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

/**
 * Everything but `/_next/static/`: the build's hashed scripts and stylesheets hold no data and
 * need neither sign-in, nor a nonce, nor the host check, and a page loads some fifteen of them at
 * once; running this function for each cost the first paint ~100 ms (bench/monitor.bench.ts).
 * next.config.js gives them the headers that do not change per request.
 */
export const config = {
  matcher: ["/((?!_next/static/).*)"],
};
