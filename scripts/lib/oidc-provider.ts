// A real OpenID provider for the tests and the sign-in demo: panva's oidc-provider (OpenID
// Certified) on a free loopback port, with test users and their groups. Its development login
// page takes any user name in `OIDC_TEST_USERS` (the password is not checked), then asks for
// consent. Used by the integration, app and Playwright tests.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import { freePort } from "./free-port";

export interface OidcTestUser {
  name: string;
  email: string;
  groups: string[];
}

/** The test users: one per role, and one whose groups hold no role. */
export const OIDC_TEST_USERS: Record<string, OidcTestUser> = {
  alice: { name: "Alice Admin", email: "alice@example.test", groups: ["shardscope-admins", "staff"] },
  wanda: { name: "Wanda Writer", email: "wanda@example.test", groups: ["shardscope-writers", "staff"] },
  victor: { name: "Victor Viewer", email: "victor@example.test", groups: ["staff"] },
  nora: { name: "Nora Nobody", email: "nora@example.test", groups: ["marketing"] },
};

/** The `roles` section that maps the test users' groups (the one the tests' configuration files use). */
export const OIDC_TEST_ROLES = {
  viewer: { groups: ["staff"] },
  writer: { groups: ["shardscope-writers"] },
  admin: { groups: ["shardscope-admins"] },
};

export const OIDC_TEST_CLIENT_ID = "shardscope-tests";

export interface OidcProvider {
  issuer: string;
  clientId: string;
  stop(): Promise<void>;
}

export interface StartOidcProviderOptions {
  /** The app's callback URLs (exact matches, as providers require). */
  redirectUris: string[];
  users?: Record<string, OidcTestUser>;
  port?: number;
}

export async function startOidcProvider(opts: StartOidcProviderOptions): Promise<OidcProvider> {
  // ESM only; loaded when a test needs it.
  const { default: Provider } = await import("oidc-provider");
  const users = opts.users ?? OIDC_TEST_USERS;
  const port = opts.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_TEST_CLIENT_ID,
        token_endpoint_auth_method: "none", // a public client: PKCE is its proof
        redirect_uris: opts.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" }] },
    cookies: { keys: ["shardscope-test-cookie-key-0123456789"] },
    claims: { openid: ["sub"], profile: ["name"], email: ["email"], groups: ["groups"] },
    // The requested claims in the ID token itself, as many providers (Okta, Entra ID groups) do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const user = users[id];
      if (!user) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: user.name, email: user.email, groups: user.groups }) };
    },
  });
  // Its warnings about development keys and interactions are for production; these are tests.
  provider.on("server_error", (_ctx, err) => console.error("[oidc-provider]", err));
  const server: Server = provider.listen(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    issuer: `http://127.0.0.1:${actual}`,
    clientId: OIDC_TEST_CLIENT_ID,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
