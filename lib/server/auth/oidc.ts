import "server-only";
// SHARDSCOPE_AUTH=oidc: the authorization-code flow with PKCE, state and nonce (openid-client),
// against any OpenID provider. The flow's secrets wait in an encrypted cookie for the provider's
// answer; the ID token's claims (and the userinfo's, when the groups claim is only there) make the
// session's user.
import * as client from "openid-client";
import type { AuthUser } from "@/lib/auth/types";
import { userFromClaims } from "./alb";
import { isLoopbackHost, type AuthSettings } from "./config";
import { openSignIn, sealSignIn, type SignInState } from "./session";

const KEY = Symbol.for("shardscope.oidcConfig");

export class SignInError extends Error {
  constructor(
    /** A code the failure page explains (never the provider's own words, which it shows nobody). */
    readonly reason: "provider_unreachable" | "expired" | "provider_refused" | "invalid_answer",
    message: string,
  ) {
    super(message);
  }
}

type OidcSettings = NonNullable<AuthSettings["oidc"]>;

/** The provider's metadata, discovered once per process (a failure is retried on the next sign-in). */
function configuration(oidc: OidcSettings): Promise<client.Configuration> {
  const g = globalThis as typeof globalThis & { [KEY]?: Map<string, Promise<client.Configuration>> };
  g[KEY] ??= new Map();
  const cache = g[KEY];
  const key = `${oidc.issuer} ${oidc.clientId}`;
  const known = cache.get(key);
  if (known) return known;
  const issuer = new URL(oidc.issuer);
  // Plain http only for a provider on this machine (the tests'); the configuration refuses it elsewhere.
  const insecure = issuer.protocol === "http:" && isLoopbackHost(issuer.hostname);
  const loading = client.discovery(issuer, oidc.clientId, oidc.clientSecret, oidc.clientSecret ? client.ClientSecretPost(oidc.clientSecret) : client.None(), {
    timeout: 10,
    ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
  });
  loading.catch(() => {
    if (cache.get(key) === loading) cache.delete(key);
  });
  cache.set(key, loading);
  return loading;
}

/** A path on this server to go back to after signing in; anything else is the home page. */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > 2000 || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.startsWith("/auth")) return "/";
  return /[\u0000-\u001f\u007f]/.test(value) ? "/" : value;
}

/** This server's callback URL: configured, or the address the browser used. */
export function redirectUriFor(req: Request, oidc: OidcSettings): string {
  if (oidc.redirectUri) return oidc.redirectUri;
  const h = req.headers;
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(req.url).protocol.replace(":", "");
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host") || new URL(req.url).host;
  return `${proto === "https" ? "https" : "http"}://${host}/auth/callback`;
}

/** Where to send the browser to sign in, and the sealed flow state for the cookie. */
export async function beginSignIn(req: Request, settings: AuthSettings, returnTo: string): Promise<{ location: string; cookie: string }> {
  const oidc = settings.oidc!;
  let config: client.Configuration;
  try {
    config = await configuration(oidc);
  } catch (e) {
    console.error(`[shardscope] OpenID provider ${oidc.issuer} cannot be reached:`, (e as Error).message);
    throw new SignInError("provider_unreachable", "The sign-in provider cannot be reached.");
  }
  const state: SignInState = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    returnTo,
    redirectUri: redirectUriFor(req, oidc),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: state.redirectUri,
    scope: ["openid", ...oidc.scopes.filter((s) => s !== "openid")].join(" "),
    code_challenge: await client.calculatePKCECodeChallenge(state.verifier),
    code_challenge_method: "S256",
    state: state.state,
    nonce: state.nonce,
  });
  return { location: url.href, cookie: await sealSignIn(state, settings.sessionKey) };
}

/** The provider's answer checked (state, PKCE, nonce, ID token) and made a user. */
export async function finishSignIn(req: Request, settings: AuthSettings, sealed: string | undefined): Promise<{ user: AuthUser; returnTo: string }> {
  const oidc = settings.oidc!;
  const flow = sealed ? await openSignIn(sealed, settings.sessionKey) : undefined;
  if (!flow) throw new SignInError("expired", "The sign-in took too long or was started in another browser.");
  const incoming = new URL(req.url);
  const providerError = incoming.searchParams.get("error");
  if (providerError) throw new SignInError("provider_refused", `The provider refused the sign-in (${providerError.slice(0, 100)}).`);
  let config: client.Configuration;
  try {
    config = await configuration(oidc);
  } catch {
    throw new SignInError("provider_unreachable", "The sign-in provider cannot be reached.");
  }
  // The URL the provider redirected to: the registered callback with the provider's parameters.
  const current = new URL(flow.redirectUri);
  current.search = incoming.search;
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    let claims: Record<string, unknown> = { ...tokens.claims() };
    if (claims[settings.groupsClaim] === undefined && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      claims = { ...info, ...claims, [settings.groupsClaim]: info[settings.groupsClaim] };
    }
    return { user: userFromClaims(claims, settings.groupsClaim), returnTo: flow.returnTo };
  } catch (e) {
    if (e instanceof SignInError) throw e;
    console.warn(`[shardscope] a sign-in answer was refused: ${(e as Error).message}`);
    throw new SignInError("invalid_answer", "The provider's answer could not be verified.");
  }
}
