import "server-only";
// One target in one region: everything Shardscope keeps for it lives here — its SDK clients,
// caches, rate limiters and tail readers — so that two targets (or two regions of one target)
// never share a cache entry, a reader or a budget. Scopes are made by the registry (registry.ts),
// once per target and region, and every server module takes one as its first argument.
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { ScopeRef } from "@/lib/targets/scope";
import type { TargetKind } from "@/lib/targets/types";
import { AppError, mapAwsError } from "@/lib/server/errors";
import { instrumentAwsClient } from "@/lib/server/ops/aws-call-metrics";
import { credentialProblem } from "./credential-problems";
import type { SharedConfigFiles } from "./shared-config";
import type { EndpointService, TargetConfig } from "./target-config";

/** The AWS services Shardscope calls, as messages name them, and their endpoint keys. */
const SERVICE_KEYS = {
  Kinesis: "kinesis",
  CloudWatch: "cloudwatch",
  STS: "sts",
  DynamoDB: "dynamodb",
  Lambda: "lambda",
  Firehose: "firehose",
  Glue: "glue",
} as const satisfies Record<string, EndpointService>;
export type AwsService = keyof typeof SERVICE_KEYS;

/** What every SDK client of a scope is built with. */
export interface ClientSettings {
  region: string;
  credentials?: AwsCredentialIdentityProvider;
  endpoint?: string;
}

/** Something a scope holds that must stop with it (a tail hub's readers). */
interface Stoppable {
  stopAll(): void;
}

export class Scope implements ScopeRef {
  readonly target: string;
  readonly key: string;
  private readonly clients = new Map<string, unknown>();
  private readonly states = new Map<string, unknown>();

  constructor(
    readonly config: TargetConfig,
    readonly region: string,
    private readonly credentials: AwsCredentialIdentityProvider | undefined,
    /** The shared AWS config files as read at start: tells an SSO profile's expired session from other credential problems. */
    private readonly sharedConfig?: SharedConfigFiles,
  ) {
    this.target = config.name;
    this.key = `${config.name}/${region}`;
  }

  get kind(): TargetKind {
    return this.config.kind;
  }

  /** An emulator (kinesis-local, LocalStack), not AWS. */
  get local(): boolean {
    // As configured: a targets file's `local` (it defaults to whether the Kinesis endpoint is
    // AWS's), or, discovered, SHARDSCOPE_LOCAL_EMULATOR or a non-AWS endpoint.
    return this.config.local;
  }

  /** The endpoint override for a service, if the target has one. */
  endpointOverride(service: EndpointService): string | undefined {
    return this.config.endpoints[service];
  }

  /** The endpoint a service is reached at, for people to read (messages, the top bar). */
  endpointOf(service: EndpointService): string {
    const host = service === "cloudwatch" ? "monitoring" : service;
    return this.endpointOverride(service) ?? `https://${host}.${this.region}.amazonaws.com`;
  }

  /** The settings an SDK client of this scope is built with. */
  clientSettings(service: EndpointService): ClientSettings {
    const endpoint = this.endpointOverride(service);
    return { region: this.region, ...(this.credentials ? { credentials: this.credentials } : {}), ...(endpoint ? { endpoint } : {}) };
  }

  /** Resolves the target's own credentials (a profile, an SSO session, an assumed role); the default chain is left to the SDK. */
  async checkCredentials(): Promise<void> {
    await this.credentials?.();
  }

  /** One SDK client per name and scope, made on first use. */
  client<C>(name: string, make: () => C): C {
    if (!this.clients.has(name)) {
      const client = make();
      // Every call counted by service, operation and error code (lib/server/ops/metrics.ts).
      instrumentAwsClient(client, this);
      this.clients.set(name, client);
    }
    return this.clients.get(name) as C;
  }

  /** Per-scope state (a cache, a limiter, a tail hub), made on first use. */
  state<T>(name: string, make: () => T): T {
    if (!this.states.has(name)) this.states.set(name, make());
    return this.states.get(name) as T;
  }

  /** The state by that name if it was ever made. */
  peekState<T>(name: string): T | undefined {
    return this.states.get(name) as T | undefined;
  }

  /**
   * An AWS error from a call this scope made, mapped for people: missing, expired or refused
   * credentials name the target and the command that fixes them (`aws sso login --profile X`).
   */
  awsError(service: AwsService, error: unknown): AppError {
    if (error instanceof AppError) return error;
    const problem = credentialProblem(this.config, error, this.sharedConfig);
    if (problem) return new AppError("no_credentials", problem);
    return mapAwsError(error, { service, endpoint: this.endpointOverride(SERVICE_KEYS[service]) });
  }

  /** Stops every reader and drops every client and cache (tests; a target removed from the configuration). */
  stopAll(): void {
    for (const s of this.states.values()) {
      if (s && typeof (s as Partial<Stoppable>).stopAll === "function") (s as Stoppable).stopAll();
    }
    this.states.clear();
    for (const c of this.clients.values()) (c as { destroy?: () => void }).destroy?.();
    this.clients.clear();
  }
}
