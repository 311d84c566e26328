import "server-only";
// Sign-in and roles: the `auth` and `roles` sections of the configuration file (the targets file,
// SHARDSCOPE_TARGETS_FILE: one file, one schema, checked whole at start with the targets) and the
// settings only the environment may hold (the mode, secrets, the audit file). The file's role
// entries are objects so that other sections can add per-role rights (masking's `unmask`, `export`).
import { randomBytes, createHash } from "node:crypto";
import { z } from "zod";
import { AUTH_MODES, ROLES, type AuthMode, type Role } from "@/lib/auth/types";

type Env = Record<string, string | undefined>;

const httpsOrLoopbackUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === "https:" || (u.protocol === "http:" && isLoopbackHost(u.hostname));
  } catch {
    return false;
  }
}, "must be an https:// URL (http:// only on a loopback address, for tests)");

/** arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/ID (the signer ALB puts in its tokens). */
export const ALB_ARN = /^arn:aws[-a-z]*:elasticloadbalancing:([a-z]{2}(?:-[a-z]+)+-\d):\d{12}:loadbalancer\/app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

const oidcSchema = z.strictObject({
  issuer: httpsOrLoopbackUrl,
  clientId: z.string().min(1, "must name the client (application) id registered with the provider"),
  /** Scopes asked for besides `openid`; the groups claim usually needs one (`groups`, `profile`…). */
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, "must be a scope token (no spaces or quotes)")).optional(),
  /** The callback URL registered with the provider; by default the address the browser used + /auth/callback. */
  redirectUri: httpsOrLoopbackUrl.optional(),
});

const albSchema = z.strictObject({
  arn: z
    .string()
    .regex(
      ALB_ARN,
      "must be an Application Load Balancer ARN, like arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shardscope/50dc6c495c0c9188",
    ),
});

export const authSectionSchema = z.strictObject({
  oidc: oidcSchema.optional(),
  alb: albSchema.optional(),
  /** The claim that lists the user's groups (a list or a comma-separated string); `groups` by default. */
  groupsClaim: z.string().min(1).max(200).optional(),
  /** How long a sign-in lasts (OIDC), in hours; 8 by default. */
  sessionHours: z.number().min(0.01, "must be at least 0.01").max(720, "must be at most 720 (30 days)").optional(),
});
export type AuthSection = z.infer<typeof authSectionSchema>;

/**
 * One role's entry: which groups hold it ("*" is everyone who signs in), and its rights over record
 * data. These two are the entry's own: unlike the ranks, a higher role does not take them from a
 * lower one.
 */
export const roleEntrySchema = z.strictObject({
  groups: z.array(z.string().min(1, "must not be empty").max(256)).min(1, 'must list at least one group ("*" is everyone who signs in)'),
  /** The role sees records as they are: the `masking` rules do not apply to it. False by default. */
  unmask: z.boolean().optional(),
  /** The role may download records (the tail's export, the search's NDJSON). True by default. */
  export: z.boolean().optional(),
});
export type RoleEntry = z.infer<typeof roleEntrySchema>;

export const rolesSectionSchema = z.strictObject(
  Object.fromEntries(ROLES.map((r) => [r, roleEntrySchema.optional()])) as Record<Role, z.ZodOptional<typeof roleEntrySchema>>,
);
export type RolesSection = z.infer<typeof rolesSectionSchema>;

/** The keys allowed where an unknown one was found, for the file's problem messages. */
export function authKeysAllowedAt(path: readonly PropertyKey[]): string[] | undefined {
  const [first, second] = path;
  if (first === "auth") {
    if (path.length === 1) return Object.keys(authSectionSchema.shape);
    if (second === "oidc") return Object.keys(oidcSchema.shape);
    if (second === "alb") return Object.keys(albSchema.shape);
  }
  if (first === "roles") return path.length === 1 ? [...ROLES] : Object.keys(roleEntrySchema.shape);
  return undefined;
}

const flag = (v: string | undefined) => v === "1" || v === "true" || v === "yes";

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The address scripts/start.mjs listens on. */
export const listenHost = (env: Env): string => env.SHARDSCOPE_HOST || "127.0.0.1";

/** SHARDSCOPE_AUTH, or its problem. */
function modeOf(env: Env): { mode: AuthMode; problem?: string } {
  const raw = env.SHARDSCOPE_AUTH || "none";
  if ((AUTH_MODES as readonly string[]).includes(raw)) return { mode: raw as AuthMode };
  return { mode: "none", problem: `SHARDSCOPE_AUTH: "${raw.slice(0, 40)}" is not one of ${AUTH_MODES.join(", ")}` };
}

/**
 * What the environment and the file's sections must agree on, as `[place, message]` pairs: a mode
 * without its section, sign-in without roles, an open server off loopback, bad secrets. Used by the
 * targets file's check (so every problem is listed together) and, without a file, by the start check.
 */
export function authProblems(sections: { auth?: unknown; roles?: unknown } | undefined, env: Env): { path: PropertyKey[]; message: string }[] {
  const problems: { path: PropertyKey[]; message: string }[] = [];
  const { mode, problem } = modeOf(env);
  if (problem) problems.push({ path: ["environment"], message: problem });
  const host = listenHost(env);
  if (mode === "none" && !isLoopbackHost(host)) {
    const override = env.SHARDSCOPE_AUTH === "none" && flag(env.SHARDSCOPE_ALLOW_UNAUTHENTICATED);
    if (!override) {
      problems.push({
        path: ["environment"],
        message:
          `SHARDSCOPE_HOST is ${host}, not a loopback address, and nobody signs in (SHARDSCOPE_AUTH is ${env.SHARDSCOPE_AUTH ? "none" : "not set"}): ` +
          "anyone who reaches the port could read every stream and write to it. Set SHARDSCOPE_AUTH=oidc or alb (README: Running for a team), " +
          "listen on 127.0.0.1, or set both SHARDSCOPE_AUTH=none and SHARDSCOPE_ALLOW_UNAUTHENTICATED=1 to run it open anyway.",
      });
    }
  }
  const secret = env.SHARDSCOPE_SESSION_SECRET;
  if (secret !== undefined && secret !== "" && secret.length < 32) {
    problems.push({ path: ["environment"], message: "SHARDSCOPE_SESSION_SECRET: must be at least 32 characters" });
  }
  const keysUrl = env.SHARDSCOPE_ALB_KEYS_URL_FOR_TESTS;
  if (keysUrl && !httpsOrLoopbackUrl.safeParse(keysUrl).success) {
    problems.push({ path: ["environment"], message: "SHARDSCOPE_ALB_KEYS_URL_FOR_TESTS: must be an https:// URL, or http:// on a loopback address" });
  }
  if (mode === "none") return problems;
  if (sections === undefined) {
    problems.push({
      path: ["environment"],
      message: `SHARDSCOPE_AUTH=${mode} needs a configuration file: set SHARDSCOPE_TARGETS_FILE to a JSON file with \`targets\`, \`auth\` and \`roles\` (README: Running for a team)`,
    });
    return problems;
  }
  const auth = isObject(sections.auth) ? sections.auth : undefined;
  if (mode === "oidc" && !isObject(auth?.oidc)) {
    problems.push({ path: ["auth"], message: "SHARDSCOPE_AUTH=oidc needs `auth.oidc` with the provider's `issuer` and your `clientId`" });
  }
  if (mode === "alb" && !isObject(auth?.alb)) {
    problems.push({ path: ["auth"], message: "SHARDSCOPE_AUTH=alb needs `auth.alb` with the load balancer's `arn`" });
  }
  const roles = isObject(sections.roles) ? sections.roles : undefined;
  if (!roles || !ROLES.some((r) => isObject(roles[r]))) {
    problems.push({
      path: ["roles"],
      message: `SHARDSCOPE_AUTH=${mode} needs \`roles\`: which groups are viewer, writer and admin, e.g. { "viewer": { "groups": ["*"] }, "admin": { "groups": ["ops"] } }`,
    });
  }
  return problems;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export interface AuthSettings {
  mode: AuthMode;
  /** SHARDSCOPE_AUTH=none off loopback with SHARDSCOPE_ALLOW_UNAUTHENTICATED=1: every page warns. */
  openOnNetwork: boolean;
  listenHost: string;
  groupsClaim: string;
  sessionMs: number;
  oidc?: { issuer: string; clientId: string; clientSecret?: string; scopes: string[]; redirectUri?: string };
  alb?: { arn: string; region: string; keysUrl: string };
  roles: RolesSection;
  /** Encrypts the session cookie: from SHARDSCOPE_SESSION_SECRET (or SHARDSCOPE_SECRET), else random per process. */
  sessionKey: Uint8Array;
  sessionKeyEphemeral: boolean;
  /** SHARDSCOPE_AUDIT_LOG: the append-only JSON-lines file; unset, entries go to stdout and memory only. */
  auditLog?: string;
}

/** The settings from a checked file's sections and the environment (authProblems() found none). */
export function buildAuthSettings(sections: { auth?: AuthSection; roles?: RolesSection }, env: Env): AuthSettings {
  const { mode } = modeOf(env);
  const auth = sections.auth ?? {};
  const secret = env.SHARDSCOPE_SESSION_SECRET || env.SHARDSCOPE_SECRET;
  const host = listenHost(env);
  const albRegion = auth.alb ? (ALB_ARN.exec(auth.alb.arn)?.[1] ?? "") : "";
  return {
    mode,
    openOnNetwork: mode === "none" && !isLoopbackHost(host),
    listenHost: host,
    groupsClaim: auth.groupsClaim ?? "groups",
    sessionMs: Math.round((auth.sessionHours ?? 8) * 3_600_000),
    ...(auth.oidc
      ? {
          oidc: {
            issuer: auth.oidc.issuer,
            clientId: auth.oidc.clientId,
            ...(env.SHARDSCOPE_OIDC_CLIENT_SECRET ? { clientSecret: env.SHARDSCOPE_OIDC_CLIENT_SECRET } : {}),
            scopes: auth.oidc.scopes ?? ["profile", "email", "groups"],
            ...(auth.oidc.redirectUri ? { redirectUri: auth.oidc.redirectUri } : {}),
          },
        }
      : {}),
    ...(auth.alb
      ? {
          alb: {
            arn: auth.alb.arn,
            region: albRegion,
            // Only the tests serve the keys themselves; the name says so.
            keysUrl: (env.SHARDSCOPE_ALB_KEYS_URL_FOR_TESTS || `https://public-keys.auth.elb.${albRegion}.amazonaws.com`).replace(/\/+$/, ""),
          },
        }
      : {}),
    roles: sections.roles ?? {},
    sessionKey: secret ? new Uint8Array(createHash("sha256").update(`shardscope-session:${secret}`).digest()) : new Uint8Array(randomBytes(32)),
    sessionKeyEphemeral: !secret,
    ...(env.SHARDSCOPE_AUDIT_LOG ? { auditLog: env.SHARDSCOPE_AUDIT_LOG } : {}),
  };
}

/** The highest role one of whose groups the user is in ("*": anyone signed in); undefined when none. */
export function roleForGroups(groups: readonly string[], roles: RolesSection): Role | undefined {
  for (const role of [...ROLES].reverse()) {
    const wanted = roles[role]?.groups;
    if (wanted && (wanted.includes("*") || wanted.some((g) => groups.includes(g)))) return role;
  }
  return undefined;
}

/** The groups claim as a list: a JSON list of strings, or a comma- or space-separated string. */
export function groupsFromClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string" && g.length > 0).slice(0, 1000);
  if (typeof value === "string")
    return value
      .split(/[,\s]+/)
      .filter(Boolean)
      .slice(0, 1000);
  return [];
}
