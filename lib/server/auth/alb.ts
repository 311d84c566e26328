import "server-only";
// SHARDSCOPE_AUTH=alb: an AWS Application Load Balancer signs the user in (OIDC) and forwards the
// user's claims in `x-amzn-oidc-data`, a JWT it signs with ES256. Anyone who reaches the server
// around the ALB can send that header, so it is never trusted unverified: the key is fetched by
// the token's key id from the ALB's regional endpoint (cached: a key id's key never changes), the
// signature checked, the signer must be the configured ALB and the token not expired.
// ALB's tokens are padded base64url (AWS documents it), which JWT parsers refuse, and the
// signature covers the segments as sent, padding included: jose's flattened JWS verification
// takes the segments as they are.
import { flattenedVerify, importSPKI, type CryptoKey } from "jose";
import type { AuthUser } from "@/lib/auth/types";
import { groupsFromClaim } from "./config";

/** ALB key ids are UUIDs; anything else is refused before a URL is made of it. */
const KID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEGMENT = /^[A-Za-z0-9_-]+={0,2}$/;
const MAX_TOKEN_CHARS = 16_384;
/** Clock skew tolerated on `exp`. */
const SKEW_S = 30;

export interface AlbVerifySettings {
  arn: string;
  /** Where keys are fetched from: `${keysUrl}/${kid}` serves one PEM public key. */
  keysUrl: string;
  groupsClaim: string;
}

export class AlbTokenError extends Error {}

const cacheKey = Symbol.for("shardscope.albKeys");
interface KeyCache {
  keys: Map<string, Promise<CryptoKey>>;
}
function keyCache(): KeyCache {
  const g = globalThis as typeof globalThis & { [cacheKey]?: KeyCache };
  g[cacheKey] ??= { keys: new Map() };
  return g[cacheKey];
}

async function publicKey(keysUrl: string, kid: string): Promise<CryptoKey> {
  const url = `${keysUrl}/${encodeURIComponent(kid)}`;
  const cache = keyCache().keys;
  const known = cache.get(url);
  if (known) return known;
  const loading = (async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: "error" });
    if (!res.ok) throw new AlbTokenError(`the ALB key endpoint answered ${res.status} for key ${kid}`);
    const pem = (await res.text()).slice(0, 4096);
    return importSPKI(pem.trim(), "ES256");
  })();
  // A failed fetch is not kept (the next request tries again); at most 100 keys are.
  loading.catch(() => cache.delete(url));
  if (cache.size >= 100) cache.delete(cache.keys().next().value as string);
  cache.set(url, loading);
  return loading;
}

function decodeJson(segment: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AlbTokenError("the token is not a JWT");
}

/** The user an `x-amzn-oidc-data` token names, once it is proven to come from the configured ALB. */
export async function verifyAlbToken(token: string, settings: AlbVerifySettings, nowMs = Date.now()): Promise<AuthUser> {
  if (token.length > MAX_TOKEN_CHARS) throw new AlbTokenError("the token is too long");
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) throw new AlbTokenError("the token is not a signed JWT");
  const [protectedHeader, payload, signature] = parts as [string, string, string];
  const header = decodeJson(protectedHeader);
  if (header.alg !== "ES256") throw new AlbTokenError(`the token is signed with ${String(header.alg).slice(0, 20)}, not ES256`);
  if (typeof header.kid !== "string" || !KID.test(header.kid)) throw new AlbTokenError("the token has no ALB key id");
  if (header.signer !== settings.arn) throw new AlbTokenError("the token was not signed by the configured load balancer");
  const key = await publicKey(settings.keysUrl, header.kid);
  try {
    await flattenedVerify({ protected: protectedHeader, payload, signature: signature.replace(/=+$/, "") }, key, { algorithms: ["ES256"] });
  } catch {
    throw new AlbTokenError("the token's signature does not verify");
  }
  const claims = decodeJson(payload);
  const exp = typeof header.exp === "number" ? header.exp : claims.exp;
  if (typeof exp !== "number") throw new AlbTokenError("the token has no expiry");
  if (exp + SKEW_S < nowMs / 1000) throw new AlbTokenError("the token has expired");
  return userFromClaims(claims, settings.groupsClaim);
}

/** Who the claims name: a display name, the email when there is one, and the groups. */
export function userFromClaims(claims: Record<string, unknown>, groupsClaim: string): AuthUser {
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim().slice(0, 200) : undefined);
  const email = str(claims.email);
  const name = str(claims.name) ?? str(claims.preferred_username) ?? str(claims.username) ?? email ?? str(claims.sub) ?? "unknown";
  return { name, ...(email ? { email } : {}), groups: groupsFromClaim(claims[groupsClaim]) };
}
