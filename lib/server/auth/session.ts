import "server-only";
// The signed-in user's session, and the short-lived state of a sign-in under way, each in an
// encrypted (JWE, dir + A256GCM: confidential and tamper-evident) httpOnly cookie. No server-side
// store: a restart keeps everyone signed in when the key comes from the environment. Signing out
// revokes the session's id in memory until it would have expired anyway.
import { randomUUID } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import type { AuthUser } from "@/lib/auth/types";

export const SESSION_COOKIE = "shardscope_session";
export const SIGN_IN_COOKIE = "shardscope_sign_in";
/** A sign-in must come back from the provider within this long. */
export const SIGN_IN_MAX_AGE_S = 600;

export interface SessionData {
  /** Session id (revoked on sign-out). */
  sid: string;
  user: AuthUser;
  /** Seconds since the epoch. */
  exp: number;
}

export interface SignInState {
  state: string;
  nonce: string;
  verifier: string;
  /** A path on this server to return to. */
  returnTo: string;
  /** The redirect_uri used, which the token request must repeat. */
  redirectUri: string;
}

async function seal(claims: Record<string, unknown>, key: Uint8Array, expiresAtS: number): Promise<string> {
  return new EncryptJWT(claims).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).setIssuedAt().setExpirationTime(expiresAtS).encrypt(key);
}

async function unseal(token: string, key: Uint8Array): Promise<Record<string, unknown> | undefined> {
  if (token.length > 16_384) return undefined;
  try {
    const { payload } = await jwtDecrypt(token, key, { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] });
    return payload as Record<string, unknown>;
  } catch {
    return undefined; // altered, another key's, or expired
  }
}

const revokedKey = Symbol.for("shardscope.revokedSessions");
function revoked(): Map<string, number> {
  const g = globalThis as typeof globalThis & { [revokedKey]?: Map<string, number> };
  g[revokedKey] ??= new Map();
  return g[revokedKey];
}

export async function sealSession(user: AuthUser, key: Uint8Array, lifetimeMs: number, now = Date.now()): Promise<{ token: string; data: SessionData }> {
  const data: SessionData = { sid: randomUUID(), user, exp: Math.floor((now + lifetimeMs) / 1000) };
  return { token: await seal({ sid: data.sid, user }, key, data.exp), data };
}

export async function openSession(token: string, key: Uint8Array): Promise<SessionData | undefined> {
  const p = await unseal(token, key);
  if (!p || typeof p.sid !== "string" || typeof p.exp !== "number" || !isUser(p.user)) return undefined;
  if (revoked().has(p.sid)) return undefined;
  return { sid: p.sid, user: p.user, exp: p.exp };
}

/** Signing out: the cookie is cleared, and this id refused should a copy of it come back. */
export function revokeSession(data: SessionData, now = Date.now()): void {
  const list = revoked();
  for (const [sid, exp] of list) if (exp * 1000 < now) list.delete(sid);
  if (list.size >= 100_000) list.delete(list.keys().next().value as string);
  list.set(data.sid, data.exp);
}

export async function sealSignIn(s: SignInState, key: Uint8Array, now = Date.now()): Promise<string> {
  return seal({ ...s }, key, Math.floor(now / 1000) + SIGN_IN_MAX_AGE_S);
}

export async function openSignIn(token: string, key: Uint8Array): Promise<SignInState | undefined> {
  const p = await unseal(token, key);
  if (!p) return undefined;
  const { state, nonce, verifier, returnTo, redirectUri } = p;
  if ([state, nonce, verifier, returnTo, redirectUri].some((v) => typeof v !== "string")) return undefined;
  return { state, nonce, verifier, returnTo, redirectUri } as SignInState;
}

function isUser(v: unknown): v is AuthUser {
  if (typeof v !== "object" || v === null) return false;
  const u = v as Record<string, unknown>;
  return (
    typeof u.name === "string" &&
    Array.isArray(u.groups) &&
    u.groups.every((g) => typeof g === "string") &&
    (u.email === undefined || typeof u.email === "string")
  );
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Secure when the browser reached us over https (directly, or as a reverse proxy says). */
export function isHttps(req: Request): boolean {
  if (new URL(req.url).protocol === "https:") return true;
  return req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

export function setCookieHeader(name: string, value: string, maxAgeS: number, secure: boolean): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeS))}${secure ? "; Secure" : ""}`;
}

export function clearCookieHeader(name: string, secure: boolean): string {
  return setCookieHeader(name, "", 0, secure);
}
