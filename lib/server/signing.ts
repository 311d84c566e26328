import "server-only";
// Tokens the server hands out and later takes back (record-browser cursors, tail event ids) are
// signed, so a forged or altered one is refused instead of being acted on. The key comes from
// SHARDSCOPE_SECRET, or is random per process (tokens then do not survive a restart).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getConfig } from "@/lib/server/config";

const key = Symbol.for("shardscope.signingKey");

function signingKey(): Buffer {
  const g = globalThis as typeof globalThis & { [key]?: Buffer };
  g[key] ??= getConfig().secret ? Buffer.from(getConfig().secret!, "utf8") : randomBytes(32);
  return g[key];
}

function mac(purpose: string, payload: string): string {
  // The purpose is part of what is signed: a cursor can never pass as an event id, or the reverse.
  return createHmac("sha256", signingKey()).update(purpose).update("\u0000").update(payload).digest("base64url").slice(0, 32);
}

/** `payload.mac`: the payload stays readable (it is not secret), the mac proves we issued it. */
export function sign(purpose: string, payload: string): string {
  return `${payload}.${mac(purpose, payload)}`;
}

/** The payload of a token this server signed for `purpose`; undefined for anything else. */
export function verify(purpose: string, token: string): string | undefined {
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(purpose, payload));
  return given.length === expected.length && timingSafeEqual(given, expected) ? payload : undefined;
}
