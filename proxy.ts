// In front of every request, pages, API and assets alike (Next's proxy, formerly middleware):
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
import { authGate } from "@/lib/server/auth/gate";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export async function proxy(request: NextRequest): Promise<Response> {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const path = request.nextUrl.pathname;
  const hostProblem = checkRequestHost(request.headers, hostPolicyFromEnv(process.env));
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
    const short = shortPathTarget(path);
    const scope = short ? await defaultScopeRef().catch(() => undefined) : undefined;
    // A short API path is served by a rewrite, which Next may proxy with another Host (it calls
    // 127.0.0.1 "localhost"): a write's origin is checked here, against the host the browser
    // addressed, before that happens (the route's write guard checks it again).
    const crossOrigin =
      short?.kind === "api" && !SAFE_METHODS.has(request.method) ? checkSameOrigin(request.headers, hostPolicyFromEnv(process.env)) : undefined;
    if (crossOrigin) {
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
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}
