import "server-only";
// Turns an error that means "these credentials are missing, expired or refused" into one sentence
// for the target's pages: what is wrong and the command that fixes it. Any other error is left to
// the usual mapping (lib/server/errors.ts).
import { scrub } from "@/lib/server/errors";
import { TargetCredentialsError } from "./credentials";
import { isSsoProfile, profileSection, type SharedConfigFiles } from "./shared-config";
import type { TargetConfig } from "./target-config";

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** Names the SDK and AWS give to missing, expired or refused credentials. */
const CREDENTIAL_ERRORS = new Set([
  "CredentialsProviderError",
  "TokenProviderError",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
]);

const CREDENTIAL_TEXT = /could not load credentials|sso session|token is expired|security token included in the request is (invalid|expired)/i;

function asErrorLike(e: unknown): ErrorLike {
  return typeof e === "object" && e !== null ? (e as ErrorLike) : { message: String(e) };
}

/** The error a provider threw, under our tag if it has one. */
function inner(error: unknown): { e: ErrorLike; fromProvider: boolean } {
  if (error instanceof TargetCredentialsError) return { e: asErrorLike(error.cause), fromProvider: true };
  return { e: asErrorLike(error), fromProvider: false };
}

function isCredentialError(e: ErrorLike): boolean {
  const name = typeof e.name === "string" ? e.name : "";
  const message = typeof e.message === "string" ? e.message : "";
  if (CREDENTIAL_ERRORS.has(name) || CREDENTIAL_TEXT.test(message)) return true;
  // sts:AssumeRole refused (the source may not assume the role, or its trust policy or external id do not match).
  return (name === "AccessDenied" || name === "AccessDeniedException") && /sts:AssumeRole/i.test(message);
}

const isSsoError = (e: ErrorLike) => e.name === "TokenProviderError" || (typeof e.message === "string" && /\bsso\b|token is expired/i.test(e.message));

function reason(e: ErrorLike): string {
  const name = typeof e.name === "string" ? e.name : "";
  const message = typeof e.message === "string" ? scrub(e.message).trim() : "";
  const text = message || name || "unknown error";
  return text.replace(/[.\s]+$/, "");
}

function files(): { config: string; credentials: string } {
  return {
    config: process.env.AWS_CONFIG_FILE || "~/.aws/config",
    credentials: process.env.AWS_SHARED_CREDENTIALS_FILE || "~/.aws/credentials",
  };
}

const ssoFix = (profile: string) => `Run \`aws sso login --profile ${profile}\`, then reload.`;

/** What fixes the credentials of `profile`, as its kind needs. */
function profileFix(profile: string, shared: SharedConfigFiles | undefined, e: ErrorLike): string {
  if (isSsoProfile(shared, profile) || (!shared && isSsoError(e))) return ssoFix(profile);
  const f = files();
  const section = shared ? profileSection(shared, profile) : undefined;
  if (shared && !section) return `Add a [${profile}] section to ${f.credentials} (keys) or a [profile ${profile}] section to ${f.config}, then reload.`;
  if (section?.role_arn) {
    const source = section.source_profile;
    return `Check role_arn${source ? ` and the credentials of its source_profile "${source}"` : ""} in profile "${profile}" (${f.config}), then reload.`;
  }
  if (section?.credential_process) return `Check the credential_process of profile "${profile}" in ${f.config}, then reload.`;
  return `Fix the keys of profile "${profile}" (aws_access_key_id and aws_secret_access_key in ${f.credentials}), then reload.`;
}

const DEFAULT_CHAIN_FIX =
  "Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for the Shardscope server (for an SSO profile, run `aws sso login` first), then reload.";

/**
 * When `error` means the credentials of target `t` are missing, expired or refused: one sentence
 * naming the target and the command or file that fixes it. Otherwise undefined.
 * `sharedConfig` (the shared AWS files) tells SSO profiles from others; without it, the error's
 * own wording does.
 */
export function credentialProblem(t: TargetConfig, error: unknown, sharedConfig?: SharedConfigFiles): string | undefined {
  const { e, fromProvider } = inner(error);
  if (!fromProvider && !isCredentialError(e)) return undefined;
  const why = reason(e);
  switch (t.kind) {
    case "profile": {
      const profile = t.profile ?? t.name;
      if (isSsoProfile(sharedConfig, profile) || (!sharedConfig && isSsoError(e))) {
        return `The SSO session for profile ${profile} (target ${t.name}) has expired or was never started. ${ssoFix(profile)}`;
      }
      return `Target ${t.name} could not get credentials from profile ${profile}: ${why}. ${profileFix(profile, sharedConfig, e)}`;
    }
    case "role": {
      const arn = t.role?.arn ?? "its role";
      const source = t.role?.sourceProfile;
      const fix = source
        ? `${profileFix(source, sharedConfig, e)} Profile "${source}" must also be allowed sts:AssumeRole on the role (its trust policy, and the external id if one is set).`
        : `The default credential chain supplies the credentials that assume it: ${DEFAULT_CHAIN_FIX} They must be allowed sts:AssumeRole on the role (its trust policy, and the external id if one is set).`;
      return `Shardscope could not assume ${arn} for target ${t.name}: ${why}. ${fix}`;
    }
    case "default":
      return `Target ${t.name} (the default credential chain) has no usable credentials: ${why}. ${DEFAULT_CHAIN_FIX}`;
  }
}
