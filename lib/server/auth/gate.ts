import "server-only";
// The sign-in gate proxy.ts puts in front of every request: without a valid session (OIDC) or a
// verified load-balancer token (ALB), an API request is answered 401 JSON and a page is sent to
// sign in; a signed-in user without a role gets 403. Roles beyond viewer are each route's to
// require (requireRole). Open: the sign-in routes themselves, Next's assets, and the probes a
// load balancer makes before anyone signs in.
import { NextResponse, type NextRequest } from "next/server";
import { identityFromHeaders, noRole, notSignedIn } from "./identity";
import { authSettings } from "./settings";

const OPEN_PREFIXES = ["/auth/", "/_next/"];
const OPEN_PATHS = new Set(["/auth", "/icon.svg", "/favicon.ico", "/api/live", "/api/ready"]);

export function isOpenPath(path: string): boolean {
  return OPEN_PATHS.has(path) || OPEN_PREFIXES.some((p) => path.startsWith(p));
}

const isApi = (path: string) => path === "/api" || path.startsWith("/api/");

/** Undefined when the request may go on; else the answer that stops it. */
export async function authGate(req: NextRequest): Promise<Response | undefined> {
  const path = req.nextUrl.pathname;
  if (isOpenPath(path)) return undefined;
  let settings;
  try {
    settings = await authSettings();
  } catch {
    // A bad configuration stops the server at start; should it be read later and fail, fail closed.
    const message = "Shardscope's sign-in configuration cannot be read; the server log says why.";
    return isApi(path)
      ? NextResponse.json({ error: { code: "unavailable", message } }, { status: 503 })
      : new NextResponse(`${message}\n`, { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  if (settings.mode === "none") return undefined;
  const id = await identityFromHeaders(req.headers, settings);
  if (id?.role) return undefined;
  if (isApi(path)) {
    const error = id ? noRole(id.user) : notSignedIn(settings.mode);
    return NextResponse.json(error.toBody(), { status: error.status });
  }
  if (id || settings.mode === "alb") {
    // ALB: the load balancer signs people in; a request without its token did not come through it.
    return redirectTo(req, "/auth/denied", new URLSearchParams());
  }
  return redirectTo(req, "/auth/sign-in", new URLSearchParams({ returnTo: `${path}${req.nextUrl.search}` }));
}

/** A redirect on this server's own address, as the browser used it. */
function redirectTo(req: NextRequest, path: string, query: URLSearchParams): Response {
  const url = req.nextUrl.clone();
  url.pathname = path;
  url.search = query.size > 0 ? `?${query}` : "";
  return NextResponse.redirect(url, 307);
}
