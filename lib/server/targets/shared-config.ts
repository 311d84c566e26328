import "server-only";
// The shared AWS config and credentials files (~/.aws/config, ~/.aws/credentials, or where
// AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE point), read with the SDK's own parser so that a
// profile we find is one the SDK finds too.
import { loadSharedConfigFiles } from "@smithy/core/config";

export type SharedConfigFiles = Awaited<ReturnType<typeof loadSharedConfigFiles>>;
type ParsedIniData = SharedConfigFiles["configFile"];
type Profile = ParsedIniData[string];

type Env = Record<string, string | undefined>;

/** Both files, freshly read (a missing file is an empty one, as for the SDK). */
export function readSharedConfig(env: Env = process.env): Promise<SharedConfigFiles> {
  return loadSharedConfigFiles({
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
    ignoreCache: true,
  });
}

// The config file's other sections, kept by the SDK's parser under "<type>.<name>".
const NOT_PROFILES = ["sso-session.", "services."];

function profilesIn(data: ParsedIniData): string[] {
  return Object.keys(data).filter((k) => !NOT_PROFILES.some((p) => k.startsWith(p)));
}

/** Every profile named in either file, config file first, each once. */
export function profileNames(shared: SharedConfigFiles): string[] {
  return [...new Set([...profilesIn(shared.configFile), ...profilesIn(shared.credentialsFile)])];
}

export function hasProfile(shared: SharedConfigFiles, name: string): boolean {
  return profileNames(shared).includes(name);
}

/** A profile's settings, the credentials file's winning over the config file's (as for credentials). */
export function profileSection(shared: SharedConfigFiles, name: string): Profile | undefined {
  const fromConfig = NOT_PROFILES.some((p) => name.startsWith(p)) ? undefined : shared.configFile[name];
  const fromCredentials = shared.credentialsFile[name];
  if (!fromConfig && !fromCredentials) return undefined;
  return { ...fromConfig, ...fromCredentials };
}

/** An SSO profile: signs in with `aws sso login` (sso_session, or the legacy sso_start_url). */
export function isSsoProfile(shared: SharedConfigFiles | undefined, name: string): boolean {
  const p = shared ? profileSection(shared, name) : undefined;
  return Boolean(p && (p.sso_session || p.sso_start_url));
}
