import "server-only";
// Who sent a request and what their role allows: the one place route handlers, pages and the
// proxy ask. `none`: everyone is the local user with every right (loopback only, or the explicit
// override). `oidc`: the encrypted session cookie. `alb`: the load balancer's signed header,
// verified on every request.
import { ROLE_RIGHTS, roleAtLeast, type AuthMode, type AuthUser, type Role } from "@/lib/auth/types";
import { AppError } from "@/lib/server/errors";
import { AlbTokenError, verifyAlbToken } from "./alb";
import { roleForGroups, type AuthSettings } from "./config";
import { cookieValue, openSession, SESSION_COOKIE, type SessionData } from "./session";
import { authSettings } from "./settings";
import { recordAudit } from "./audit-log";
import { countSignIn } from "@/lib/server/ops/metrics";

export interface Identity {
  user: AuthUser;
  /** Undefined when signed in but none of the user's groups maps to a role. */
  role: Role | undefined;
  auth: AuthMode;
  /** OIDC: the session, for signing out. */
  session?: SessionData;
}

export const ALB_HEADER = "x-amzn-oidc-data";

export const LOCAL_USER: AuthUser = { name: "local", groups: [] };

/** The identity a request's headers carry (cookie or ALB token), or undefined when none is valid. */
export async function identityFromHeaders(headers: Headers, settings?: AuthSettings): Promise<Identity | undefined> {
  const s = settings ?? (await authSettings());
  if (s.mode === "none") return { user: LOCAL_USER, role: "admin", auth: "none" };
  if (s.mode === "oidc") {
    const token = cookieValue(headers.get("cookie"), SESSION_COOKIE);
    const session = token ? await openSession(token, s.sessionKey) : undefined;
    if (!session) return undefined;
    return { user: session.user, role: roleForGroups(session.user.groups, s.roles), auth: "oidc", session };
  }
  const token = headers.get(ALB_HEADER);
  if (!token || !s.alb) return undefined;
  try {
    const user = await verifyAlbToken(token, { arn: s.alb.arn, keysUrl: s.alb.keysUrl, groupsClaim: s.groupsClaim });
    const role = roleForGroups(user.groups, s.roles);
    noteAlbSignIn(user, role, headers);
    return { user, role, auth: "alb" };
  } catch (e) {
    if (!(e instanceof AlbTokenError)) console.error("[shardscope] could not verify an ALB token", e);
    else console.warn(`[shardscope] refused an ${ALB_HEADER} header: ${e.message}`);
    return undefined;
  }
}

/** The request's identity, or undefined when it carries none (route handlers: `currentUser(req)`). */
export function currentUser(req: Request): Promise<Identity | undefined> {
  return identityFromHeaders(req.headers);
}

export function notSignedIn(mode: AuthMode): AppError {
  return new AppError(
    "unauthenticated",
    mode === "alb"
      ? "Not signed in: this server signs people in through its load balancer, and the request carries no valid x-amzn-oidc-data header."
      : "Not signed in, or the session expired: open Shardscope in the browser to sign in.",
  );
}

export function noRole(user: AuthUser): AppError {
  const groups = user.groups.length > 0 ? `groups ${user.groups.slice(0, 10).join(", ")}` : "no groups";
  return new AppError(
    "forbidden",
    `You are signed in as ${user.name} (${groups}), but none of your groups has a Shardscope role: ask an administrator to add one to \`roles\` in the configuration file.`,
  );
}

/** Why a role may not do what needs `needed`, in words. */
export function lacksRole(role: Role, needed: Role, what: string): AppError {
  return new AppError("forbidden", `Your role is ${role}; ${what} needs the ${needed} role (a ${needed} can ${ROLE_RIGHTS[needed]}).`);
}

/**
 * The request's identity when its role is at least `needed`; else 401 `unauthenticated` (no
 * session) or 403 `forbidden` with what is missing. `what` names the action for the message.
 */
export async function requireRole(req: Request, needed: Role, what = "this"): Promise<Identity & { role: Role }> {
  const s = await authSettings();
  const id = await identityFromHeaders(req.headers, s);
  if (!id) throw notSignedIn(s.mode);
  if (!id.role) throw noRole(id.user);
  if (!roleAtLeast(id.role, needed)) throw lacksRole(id.role, needed, what);
  return id as Identity & { role: Role };
}

const seenKey = Symbol.for("shardscope.albSignIns");
/** An hour without a request from a user: their next one counts as a new sign-in. */
const ALB_SIGN_IN_GAP_MS = 3_600_000;

/**
 * The load balancer signs people in without us; the audit log records a sign-in when a user is
 * first seen, and again after an hour without a request of theirs.
 */
function noteAlbSignIn(user: AuthUser, role: Role | undefined, headers: Headers, now = Date.now()): void {
  const g = globalThis as typeof globalThis & { [seenKey]?: Map<string, number> };
  const seen = (g[seenKey] ??= new Map());
  const key = `${user.name}\u0000${user.email ?? ""}`;
  const last = seen.get(key);
  seen.delete(key);
  seen.set(key, now); // most recent last: the oldest go first when the map is full
  if (seen.size > 10_000) seen.delete(seen.keys().next().value as string);
  if (last !== undefined && now - last < ALB_SIGN_IN_GAP_MS) return;
  countSignIn("alb", role ? "ok" : "refused");
  void recordAudit({
    user: user.name,
    ...(user.email ? { email: user.email } : {}),
    ...(role ? { role } : {}),
    auth: "alb",
    source: headers.get("x-forwarded-for")?.split(",")[0]?.trim().slice(0, 100) || "unknown",
    action: "sign_in",
    ...(role ? { outcome: "ok" as const } : { outcome: "refused" as const, code: "forbidden", message: "none of the user's groups has a role" }),
  });
}
