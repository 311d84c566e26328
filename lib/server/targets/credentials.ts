import "server-only";
// How each target gets its credentials. Profiles go through the SDK's own ini provider (static
// keys, SSO, credential_process, role_arn + source_profile chains); roles are assumed with STS
// from a profile's credentials or the default chain. Each provider is memoized: every client of a
// target shares one set of credentials, refreshed shortly before it expires.
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { memoize } from "@smithy/core/config";
import type { TargetConfig } from "./target-config";

/** What the SDK's providers resolve to (@smithy/types' AwsCredentialIdentity). */
export type CredentialIdentity = Awaited<ReturnType<ReturnType<typeof fromIni>>>;
/** An AwsCredentialIdentityProvider: what an SDK client's `credentials` option takes. */
export type CredentialsProvider = (options?: { forceRefresh?: boolean }) => Promise<CredentialIdentity>;

export const DEFAULT_SESSION_NAME = "shardscope";
/** Fetch new credentials this long before the old ones expire. */
const REFRESH_BEFORE_MS = 5 * 60_000;

const expiresSoon = (c: CredentialIdentity) => c.expiration !== undefined && c.expiration.getTime() - Date.now() < REFRESH_BEFORE_MS;
const canExpire = (c: CredentialIdentity) => c.expiration !== undefined;

/**
 * What a target's credential provider throws, whatever failed inside it (a missing profile, an
 * expired SSO session, STS refusing or unreachable): named like the SDK's own so that error
 * mapping treats it as missing credentials, and tagged with the target so that
 * credentialProblem() can tell it from a failure of the service call itself.
 */
export class TargetCredentialsError extends Error {
  override name = "CredentialsProviderError";
  readonly target: string;
  constructor(target: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.target = target;
  }
}

function tagged(t: TargetConfig, provider: CredentialsProvider): CredentialsProvider {
  return async (options) => {
    try {
      return await provider(options);
    } catch (e) {
      throw e instanceof TargetCredentialsError ? e : new TargetCredentialsError(t.name, e);
    }
  };
}

/**
 * The credentials of target `t` in `region`, or undefined for kind "default": the SDK client then
 * uses its own default chain (env, SSO, web identity, container and instance roles).
 */
export function credentialsFor(t: TargetConfig, region: string): CredentialsProvider | undefined {
  // STS for a role profile or an assumed role: the target's region (so aws-cn and GovCloud reach
  // their own partition), and its STS endpoint when it has one (moto, LocalStack).
  const stsConfig = { region, ...(t.endpoints.sts ? { endpoint: t.endpoints.sts } : {}) };
  switch (t.kind) {
    case "default":
      return undefined;
    case "profile": {
      const profile = t.profile ?? t.name;
      // `profile` in clientConfig too, so that the inner STS client of a role_arn profile reads that
      // profile's own settings (endpoint_url, services) rather than AWS_PROFILE's.
      return tagged(t, memoize(fromIni({ profile, ignoreCache: true, clientConfig: { ...stsConfig, profile } }), expiresSoon, canExpire));
    }
    case "role": {
      const role = t.role;
      if (!role) throw new Error(`Target "${t.name}" is of kind "role" but names no role.`);
      const source = role.sourceProfile
        ? fromIni({ profile: role.sourceProfile, ignoreCache: true, clientConfig: { ...stsConfig, profile: role.sourceProfile } })
        : fromNodeProviderChain();
      const assumed = memoize(
        fromTemporaryCredentials({
          params: {
            RoleArn: role.arn,
            RoleSessionName: role.sessionName ?? DEFAULT_SESSION_NAME,
            ...(role.externalId ? { ExternalId: role.externalId } : {}),
            ...(role.durationSeconds ? { DurationSeconds: role.durationSeconds } : {}),
          },
          masterCredentials: source,
          clientConfig: stsConfig,
        }),
        expiresSoon,
        canExpire,
      );
      return tagged(t, assumed);
    }
  }
}
