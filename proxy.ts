// In front of every request, pages, API and assets alike (Next's proxy, formerly middleware):
// 1. the DNS-rebinding guard: a request that names a host this server does not answer (Host or
//    X-Forwarded-Host) is refused with 403 before any route runs;
// 2. the security headers, with a fresh nonce per request in the Content-Security-Policy. The
//    policy is also set on the request, where Next finds the nonce and puts it on the scripts it
//    renders (pages are rendered per request for that: see app/layout.tsx).
// It reads the environment directly (PORT, which `next start -p` sets, and
// SHARDSCOPE_ALLOWED_HOSTS) rather than the whole configuration, so that an unrelated bad setting
// cannot turn every request, assets included, into an error here.
import { NextResponse, type NextRequest } from "next/server";
import { checkRequestHost, hostPolicyFromEnv } from "@/lib/server/host-policy";
import { contentSecurityPolicy, newNonce, STATIC_SECURITY_HEADERS } from "@/lib/server/security-headers";

export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const problem = checkRequestHost(request.headers, hostPolicyFromEnv(process.env));

  let response: NextResponse;
  if (problem) {
    const path = request.nextUrl.pathname;
    response =
      path === "/api" || path.startsWith("/api/")
        ? NextResponse.json({ error: { code: "forbidden", message: problem } }, { status: 403 })
        : new NextResponse(`${problem}\n`, { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
    response.headers.set("cache-control", "no-store");
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}
