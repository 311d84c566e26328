import "server-only";
// The targets offered when SHARDSCOPE_TARGETS_FILE is not set: the SDK's default chain as
// "default", plus one target per profile in the shared AWS config and credentials files.
import { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from "@smithy/core/config";
import { isLocalEndpoint } from "@/lib/server/aws/endpoints";
import { isRegionName, isTargetName } from "@/lib/targets/scope";
import { endpointsFromEnv } from "./env-endpoints";
import { profileNames, profileSection, readSharedConfig, type SharedConfigFiles } from "./shared-config";
import type { TargetConfig, TargetsSetup } from "./target-config";
import { log as serverLog } from "@/lib/server/ops/log";

type Env = Record<string, string | undefined>;

export const DEFAULT_TARGET_NAME = "default";
export const FALLBACK_REGION = "us-east-1";

const isFlagSet = (v: string | undefined) => v === "1" || v === "true" || v === "yes";

/**
 * The default chain's region as the SDK finds it (AWS_REGION, then the active profile's `region`,
 * then the instance metadata), or us-east-1 with a warning.
 */
async function defaultRegion(env: Env, log: (line: string) => void): Promise<string> {
  try {
    return await loadConfig(
      // Only the environment it was given (process.env by default): never the SDK's own look at process.env.
      { ...NODE_REGION_CONFIG_OPTIONS, environmentVariableSelector: () => env.AWS_REGION || undefined },
      {
        ...NODE_REGION_CONFIG_FILE_OPTIONS,
        profile: env.AWS_PROFILE || "default",
        ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
        ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
        ignoreCache: true,
      },
    )();
  } catch {
    log(`[shardscope] No AWS region is set (AWS_REGION, or \`region\` in the active profile): the default target uses ${FALLBACK_REGION}.`);
    return FALLBACK_REGION;
  }
}

export interface DiscoverOptions {
  /** The shared AWS files, already read (read from env's paths otherwise). */
  sharedConfig?: SharedConfigFiles;
  /** Where warnings and skipped profiles are told; the server log by default. */
  log?: (line: string) => void;
}

/** "default" (the SDK's default chain) and one target per profile, as the SDK would resolve each. */
export async function discoverTargets(env: Env = process.env, options: DiscoverOptions = {}): Promise<TargetsSetup> {
  const log = options.log ?? ((line: string) => serverLog().warn(line.replace(/^\[shardscope\] /, "")));
  const shared = options.sharedConfig ?? (await readSharedConfig(env));
  const region = await defaultRegion(env, log);
  // The SDK applies these to every client, whichever profile it signs with.
  const endpoints = endpointsFromEnv(env);
  const local = isFlagSet(env.SHARDSCOPE_LOCAL_EMULATOR) || isLocalEndpoint(endpoints.kinesis);
  const targets: TargetConfig[] = [{ name: DEFAULT_TARGET_NAME, kind: "default", defaultRegion: region, endpoints, local }];
  for (const profile of profileNames(shared)) {
    // The default chain already covers the default profile.
    if (profile === "default") continue;
    if (!isTargetName(profile)) {
      log(
        `[shardscope] Profile "${profile}" is not offered as a target: target names are letters, digits, '_', '.' and '-' (at most 64). Name it in SHARDSCOPE_TARGETS_FILE to use it.`,
      );
      continue;
    }
    const own = profileSection(shared, profile)?.region;
    if (own && !isRegionName(own)) log(`[shardscope] Profile "${profile}" has region "${own}", which is not an AWS region name: its target uses ${region}.`);
    targets.push({
      name: profile,
      kind: "profile",
      profile,
      defaultRegion: own && isRegionName(own) ? own : region,
      endpoints: { ...endpoints },
      local: isLocalEndpoint(endpoints.kinesis),
    });
  }
  return { targets, defaultTarget: DEFAULT_TARGET_NAME, source: "discovered" };
}
