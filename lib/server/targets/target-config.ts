import "server-only";
// A configured target as the server holds it: how it gets credentials, its regions and endpoints.
// Built from SHARDSCOPE_TARGETS_FILE (targets-file.ts) or, without one, discovered from the
// default chain and the shared AWS config files (discover.ts). Never sent to the browser as is:
// the browser sees `TargetInfo` (lib/targets/types.ts).
import type { MaskingConfig } from "@/lib/records/masking-rules";
import type { TargetInfo, TargetKind } from "@/lib/targets/types";
import type { AuthSection, RolesSection } from "@/lib/server/auth/config";

/** Services a target may override the endpoint of (for emulators: kinesis-local, moto, LocalStack). */
export const ENDPOINT_SERVICES = ["kinesis", "cloudwatch", "sts", "dynamodb", "lambda", "firehose", "glue"] as const;
export type EndpointService = (typeof ENDPOINT_SERVICES)[number];

export interface RoleSource {
  arn: string;
  externalId?: string;
  /** RoleSessionName; "shardscope" when unset. */
  sessionName?: string;
  /** Seconds, 900–43200; the SDK's default (3600) when unset. */
  durationSeconds?: number;
  /** Where the credentials that assume the role come from: this profile, or the default chain. */
  sourceProfile?: string;
}

export interface TargetConfig {
  name: string;
  kind: TargetKind;
  /** kind "profile": the profile in ~/.aws/config (SSO profiles included). */
  profile?: string;
  /** kind "role": the role to assume. */
  role?: RoleSource;
  defaultRegion: string;
  /** Regions the top bar offers; when unset: the AWS commercial regions, or only defaultRegion for an emulator. */
  regions?: string[];
  /** Endpoint overrides; unset services use the SDK's own resolution (AWS_ENDPOINT_URL_* or AWS). */
  endpoints: Partial<Record<EndpointService, string>>;
  /** Treated as an emulator (shown as "local", account "local"). */
  local: boolean;
}

export interface TargetsSetup {
  targets: TargetConfig[];
  /** Name of the target today's short URLs mean. */
  defaultTarget: string;
  /** Where the targets came from, for the start-up log: the file's path, or "discovered". */
  source: string;
  /** The file's `masking` rules (lib/records/masking-rules.ts); none when discovered. */
  masking?: MaskingConfig;
  /** The file's sign-in and role sections (lib/server/auth/config.ts); absent when discovered. */
  auth?: AuthSection;
  roles?: RolesSection;
}

export function toTargetInfo(t: TargetConfig, regions: string[]): TargetInfo {
  return { name: t.name, kind: t.kind, defaultRegion: t.defaultRegion, regions, ...(t.local ? { local: true } : {}) };
}
