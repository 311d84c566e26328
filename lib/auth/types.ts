// Who is signed in and what they may do: the wire types of sign-in, roles and the audit log,
// shared by the server (which decides) and the browser (which hides what a role cannot do).

/** How people sign in: not at all (loopback only), OpenID Connect, or an AWS ALB in front. */
export const AUTH_MODES = ["none", "oidc", "alb"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** Each role can do everything the one before it can. */
export const ROLES = ["viewer", "writer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What each role adds, in words, for messages and the README. */
export const ROLE_RIGHTS: Record<Role, string> = {
  viewer: "read everything Shardscope shows",
  writer: "also put records, replay search results and register enhanced fan-out consumers",
  admin: "also read the audit log",
};

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface AuthUser {
  name: string;
  email?: string;
  groups: string[];
}

/** `GET /api/me`. */
export interface MeResponse {
  user: AuthUser;
  role: Role;
  auth: AuthMode;
}

/** What a page may show the person viewing it (the server decides; the page hides the rest). */
export interface PageAccess {
  user?: AuthUser;
  role?: Role;
  auth: AuthMode;
  /** Writes allowed: not read-only, and the role is writer or admin. */
  canWrite: boolean;
  /** Why not, in words, when writes are not allowed. */
  writeBlocked?: "read_only" | "role";
  canAudit: boolean;
  /** Records may be downloaded (the tail's export, the search's NDJSON): the role's `export` is not false. */
  canExport: boolean;
  /** SHARDSCOPE_AUTH=none off loopback (SHARDSCOPE_ALLOW_UNAUTHENTICATED): every page warns. */
  openOnNetwork: boolean;
  listenHost: string;
}
