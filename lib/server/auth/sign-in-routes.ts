import "server-only";
// The sign-in routes' work (app/auth/*/route.ts stay thin): start the provider's flow, take its
// answer and open a session, sign out. Every sign-in, refused or not, and every sign-out is audited.
import { NextResponse } from "next/server";
import { roleForGroups } from "./config";
import { recordAudit } from "./audit-log";
import { who } from "./audited";
import { identityFromHeaders } from "./identity";
import { beginSignIn, finishSignIn, safeReturnTo, SignInError } from "./oidc";
import {
  clearCookieHeader,
  cookieValue,
  isHttps,
  revokeSession,
  sealSession,
  SESSION_COOKIE,
  setCookieHeader,
  SIGN_IN_COOKIE,
  SIGN_IN_MAX_AGE_S,
} from "./session";
import { authSettings } from "./settings";
import { checkSameOrigin } from "@/lib/server/write-guard";
import { clientAddress } from "@/lib/server/http";
import { countSignIn, type SignInOutcome } from "@/lib/server/ops/metrics";

/** A redirect; a path stays relative, so the browser keeps the address it used for this server. */
function redirect(_req: Request, to: string, status = 303): Response {
  return new Response(null, { status, headers: { location: to, "cache-control": "no-store" } });
}

/** GET /auth/sign-in?returnTo=/path */
export async function signInRoute(req: Request): Promise<Response> {
  const settings = await authSettings();
  const returnTo = safeReturnTo(new URL(req.url).searchParams.get("returnTo"));
  if (settings.mode === "none") return redirect(req, returnTo);
  if (settings.mode === "alb") {
    // The load balancer signs people in before a request reaches us.
    return redirect(req, (await identityFromHeaders(req.headers, settings)) ? returnTo : "/auth/denied");
  }
  try {
    const { location, cookie } = await beginSignIn(req, settings, returnTo);
    const res = redirect(req, location, 302);
    res.headers.append("set-cookie", setCookieHeader(SIGN_IN_COOKIE, cookie, SIGN_IN_MAX_AGE_S, isHttps(req)));
    return res;
  } catch (e) {
    if (!(e instanceof SignInError)) throw e;
    return redirect(req, `/auth/failed?reason=${e.reason}`);
  }
}

/** How a failed sign-in is counted (shardscope_sign_ins_total): the flow ran out of time, the provider said no or answered wrong, or could not be reached. */
export function signInFailureOutcome(reason: SignInError["reason"]): SignInOutcome {
  if (reason === "expired") return "expired";
  if (reason === "provider_unreachable") return "error";
  return "refused";
}

/** GET /auth/callback?code=&state= (the provider sends the browser here). */
export async function callbackRoute(req: Request): Promise<Response> {
  const settings = await authSettings();
  if (settings.mode !== "oidc") return redirect(req, "/");
  const secure = isHttps(req);
  const base = { auth: settings.mode, source: clientAddress(req), action: "sign_in" as const };
  try {
    const { user, returnTo } = await finishSignIn(req, settings, cookieValue(req.headers.get("cookie"), SIGN_IN_COOKIE));
    const role = roleForGroups(user.groups, settings.roles);
    const { token } = await sealSession(user, settings.sessionKey, settings.sessionMs);
    await recordAudit({
      ...base,
      user: user.name,
      ...(user.email ? { email: user.email } : {}),
      ...(role ? { role, outcome: "ok" } : { outcome: "refused", code: "forbidden", message: "none of the user's groups has a role" }),
    });
    countSignIn("oidc", role ? "ok" : "refused");
    // Signed in even without a role: the denied page then says who they are and offers to sign out.
    const res = redirect(req, role ? returnTo : "/auth/denied");
    res.headers.append("set-cookie", setCookieHeader(SESSION_COOKIE, token, settings.sessionMs / 1000, secure));
    res.headers.append("set-cookie", clearCookieHeader(SIGN_IN_COOKIE, secure));
    return res;
  } catch (e) {
    if (!(e instanceof SignInError)) throw e;
    await recordAudit({ ...base, user: "anonymous", outcome: "refused", code: e.reason, message: e.message });
    countSignIn("oidc", signInFailureOutcome(e.reason));
    const res = redirect(req, `/auth/failed?reason=${e.reason}`);
    res.headers.append("set-cookie", clearCookieHeader(SIGN_IN_COOKIE, secure));
    return res;
  }
}

/** POST /auth/sign-out (from Shardscope's own pages only). */
export async function signOutRoute(req: Request): Promise<Response> {
  const problem = checkSameOrigin(req.headers);
  if (problem) return NextResponse.json({ error: { code: "forbidden", message: problem } }, { status: 403, headers: { "cache-control": "no-store" } });
  const settings = await authSettings();
  const id = await identityFromHeaders(req.headers, settings);
  if (id && settings.mode !== "none") await recordAudit({ ...(await who(req)), action: "sign_out", outcome: "ok" });
  if (id?.session) revokeSession(id.session);
  const res = redirect(req, "/auth/signed-out");
  res.headers.append("set-cookie", clearCookieHeader(SESSION_COOKIE, isHttps(req)));
  return res;
}
