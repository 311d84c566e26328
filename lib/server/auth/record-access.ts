import "server-only";
// What a viewer may do with record data beyond reading it, from their role's entry in `roles`:
// see it unmasked (`unmask`, false by default) and download it (`export`, true by default). Every
// route that sends records asks `maskingPrincipal(req)` and hands the answer to the record paths
// (browse, detail, tail, search); the NDJSON download asks `requireExport(req)` first. Without
// sign-in (SHARDSCOPE_AUTH=none) there is no principal: the masking rules apply to everyone, and
// everyone may export.
import type { Role } from "@/lib/auth/types";
import { AppError } from "@/lib/server/errors";
import type { MaskingPrincipal } from "@/lib/server/masking/masking-for";
import type { AuthSettings } from "./config";
import { identityFromHeaders, noRole, notSignedIn, type Identity } from "./identity";
import { authSettings } from "./settings";

export interface RecordRights {
  unmask: boolean;
  export: boolean;
}

/** A role's rights over record data: its own entry's `unmask` and `export`; none without a role. */
export function recordRights(settings: Pick<AuthSettings, "mode" | "roles">, role: Role | undefined): RecordRights {
  if (settings.mode === "none") return { unmask: false, export: true };
  if (role === undefined) return { unmask: false, export: false };
  const entry = settings.roles[role];
  return { unmask: entry?.unmask === true, export: entry?.export !== false };
}

/**
 * The masking principal of an identity: undefined without sign-in (the rules apply), else whether
 * its role may unmask (nobody signed in, or no role: it may not).
 */
export function principalFor(settings: Pick<AuthSettings, "mode" | "roles">, id: Identity | undefined): MaskingPrincipal | undefined {
  if (settings.mode === "none") return undefined;
  return { unmask: recordRights(settings, id?.role).unmask };
}

/** The request's masking principal (route handlers that send records pass it on). */
export async function maskingPrincipal(req: Request): Promise<MaskingPrincipal | undefined> {
  const settings = await authSettings();
  if (settings.mode === "none") return undefined;
  return principalFor(settings, await identityFromHeaders(req.headers, settings));
}

/**
 * Throws 401 without a sign-in, 403 `forbidden` with a message when the request's role may not
 * export records; else the request's masking principal (one identity check for both).
 */
export async function requireExport(req: Request): Promise<MaskingPrincipal | undefined> {
  const settings = await authSettings();
  if (settings.mode === "none") return undefined;
  const id = await identityFromHeaders(req.headers, settings);
  if (!id) throw notSignedIn(settings.mode);
  if (!id.role) throw noRole(id.user);
  if (!recordRights(settings, id.role).export) throw exportRefused(id.role);
  return principalFor(settings, id);
}

export function exportRefused(role: Role): AppError {
  return new AppError(
    "forbidden",
    `Your role is ${role}, and downloading records is turned off for it (\`roles.${role}.export\` is false in the configuration file): ` +
      "the records can still be read in the browser; ask an administrator if you need the file.",
  );
}
