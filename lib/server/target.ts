import "server-only";
// Which target, region, account and endpoint a scope talks to; shown on every page so that
// nobody mistakes production for a local emulator, or one account for another. A target whose
// credentials are missing or expired says so here, with the command that fixes it.
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ListDeliveryStreamsCommand } from "@aws-sdk/client-firehose";
import { ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import type { HealthResponse, Target } from "@/lib/targets/types";
import { cloudwatchClient, dynamodbClient, firehoseClient, kinesisClient, lambdaClient, stsClient } from "@/lib/server/aws/clients";
import { CLOUDWATCH_DISABLED_MESSAGE } from "@/lib/server/cloudwatch/errors";
import { getConfig } from "@/lib/server/config";
import type { AwsService, Scope } from "@/lib/server/targets/scope";
import { TtlCache } from "@/lib/server/util/ttl-cache";

async function resolveTarget(scope: Scope): Promise<Target> {
  const config = getConfig();
  const local = scope.local;
  const base: Target = {
    name: scope.target,
    kind: scope.kind,
    region: scope.region,
    account: local ? "local" : null,
    endpoint: scope.endpointOf("kinesis"),
    local,
    readOnly: config.readOnly,
  };
  if (local) {
    // No STS to ask an emulator; but a profile or a role of its own must still resolve.
    try {
      await scope.checkCredentials();
      return base;
    } catch (e) {
      const mapped = scope.awsError("STS", e);
      return mapped.code === "no_credentials" ? { ...base, credentialsProblem: mapped.message } : base;
    }
  }
  try {
    const out = await stsClient(scope).send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(5_000) });
    return { ...base, account: out.Account ?? null };
  } catch (e) {
    const mapped = scope.awsError("STS", e);
    // Unknown account otherwise; the pages themselves report other problems as they meet them.
    return mapped.code === "no_credentials" ? { ...base, credentialsProblem: mapped.message } : base;
  }
}

/** Cached for a minute per scope: credentials can be refreshed (`aws sso login`) while the server runs. */
export function getTargetStatus(scope: Scope): Promise<Target> {
  return scope.state("targetStatus", () => new TtlCache<Target>(60_000, 1)).get("status", () => resolveTarget(scope));
}

/**
 * Whether each endpoint answers one cheap read-only call (4 s at most, all at once). `ok` is Kinesis
 * alone: without it nothing works; CloudWatch (metrics) and DynamoDB, Lambda and Firehose (the
 * consumers tab) each serve a part, and each says here whether it answers.
 */
export async function checkHealth(scope: Scope): Promise<HealthResponse> {
  const config = getConfig();
  const timeout = () => ({ abortSignal: AbortSignal.timeout(4_000) });
  const probe = async (service: AwsService, endpoint: string, call: () => Promise<unknown>) => {
    // An emulator target asks nothing of AWS: a service it has no endpoint for is simply not there.
    const key = service === "DynamoDB" ? "dynamodb" : service === "Lambda" ? "lambda" : service === "Firehose" ? "firehose" : undefined;
    if (key && scope.local && !scope.endpointOverride(key)) {
      return {
        reachable: false,
        endpoint: "none",
        error: `Not available on target ${scope.target}: it is a local emulator with no ${service} endpoint configured.`,
      };
    }
    try {
      await call();
      return { reachable: true, endpoint };
    } catch (e) {
      return { reachable: false, endpoint, error: scope.awsError(service, e).message };
    }
  };
  const [k, c, dynamodb, lambda, firehose] = await Promise.all([
    probe("Kinesis", scope.endpointOf("kinesis"), () => kinesisClient(scope).send(new ListStreamsCommand({ Limit: 1 }), timeout())),
    config.cloudwatchDisabled
      ? { reachable: false, endpoint: "none", error: CLOUDWATCH_DISABLED_MESSAGE }
      : probe("CloudWatch", scope.endpointOf("cloudwatch"), () =>
          cloudwatchClient(scope).send(new ListMetricsCommand({ Namespace: "AWS/Kinesis" }), timeout()),
        ),
    probe("DynamoDB", scope.endpointOf("dynamodb"), () => dynamodbClient(scope).send(new ListTablesCommand({ Limit: 1 }), timeout())),
    probe("Lambda", scope.endpointOf("lambda"), () => lambdaClient(scope).send(new ListEventSourceMappingsCommand({ MaxItems: 1 }), timeout())),
    probe("Firehose", scope.endpointOf("firehose"), () => firehoseClient(scope).send(new ListDeliveryStreamsCommand({ Limit: 1 }), timeout())),
  ]);
  return { ok: k.reachable, kinesis: { ...k, region: scope.region }, cloudwatch: c, dynamodb, lambda, firehose };
}
