// The JSON shapes of what this server talks to: the configured targets (accounts, credential
// sources, regions), the one a page is scoped to (region, account, endpoint), and its health.

/** How a target gets its credentials: the SDK's default chain, a named profile, or an assumed role. */
export type TargetKind = "default" | "profile" | "role";

/** A configured target as the browser sees it: never a credential, a role ARN or an external id. */
export interface TargetInfo {
  name: string;
  kind: TargetKind;
  defaultRegion: string;
  /** The regions the top bar offers (and the server accepts) for this target. */
  regions?: string[];
  /** Its endpoints point at an emulator (kinesis-local, LocalStack), not AWS. */
  local?: boolean;
}

export interface TargetsResponse {
  targets: TargetInfo[];
  /** What today's short URLs (`/streams/…`, `/api/streams/…`) mean: the default target and region. */
  current?: { target: string; region: string };
}

/** One target in one region: what a page or an API call under `/t/{target}/{region}/` talks to. */
export interface Target {
  /** The target's configured name. */
  name: string;
  kind: TargetKind;
  region: string;
  /** 12-digit account id, "local" for an emulator, or null when it could not be determined. */
  account: string | null;
  endpoint: string;
  local: boolean;
  readOnly: boolean;
  /** Set when the target's credentials are missing or expired: what is wrong and the command that fixes it. */
  credentialsProblem?: string;
}

/** Whether one AWS endpoint answered a cheap read-only call. */
export interface EndpointHealth {
  reachable: boolean;
  endpoint: string;
  error?: string;
}

export interface HealthResponse {
  /** Kinesis answers: what Shardscope cannot work without. The other endpoints serve parts of it. */
  ok: boolean;
  kinesis: EndpointHealth & { region: string };
  cloudwatch: EndpointHealth;
  /** KCL lease tables (consumers). */
  dynamodb: EndpointHealth;
  /** Event source mappings (consumers). */
  lambda: EndpointHealth;
  /** Delivery streams (consumers). */
  firehose: EndpointHealth;
}
