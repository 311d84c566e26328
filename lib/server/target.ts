import "server-only";
// Which region, account and endpoint this server is talking to; shown on every page so that
// nobody mistakes production for a local emulator, or the other way round.
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { ListStreamsCommand } from "@aws-sdk/client-kinesis";
import type { HealthResponse, Target } from "@/lib/targets/types";
import { awsClients } from "@/lib/server/aws/clients";
import { isLocalEndpoint } from "@/lib/server/aws/endpoints";

export { isLocalEndpoint };
import { CLOUDWATCH_DISABLED_MESSAGE } from "@/lib/server/cloudwatch/errors";
import { getConfig } from "@/lib/server/config";
import { mapAwsError } from "@/lib/server/errors";

async function resolveRegion(): Promise<string> {
  try {
    return await awsClients().kinesis.config.region();
  } catch {
    return "unset";
  }
}

async function resolveTarget(): Promise<Target> {
  const config = getConfig();
  const region = await resolveRegion();
  const endpoint = config.kinesisEndpoint ?? `https://kinesis.${region}.amazonaws.com`;
  const local = config.forceLocal || isLocalEndpoint(config.kinesisEndpoint);
  let account: string | null = local ? "local" : null;
  if (!local) {
    try {
      const out = await awsClients().sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(3_000) });
      account = out.Account ?? null;
    } catch {
      account = null; // shown as "unknown"; the pages themselves report credential problems
    }
  }
  return { region, account, endpoint, local, readOnly: config.readOnly };
}

let cachedTarget: { value: Promise<Target>; at: number } | undefined;

/** Cached for a minute: credentials can be refreshed while the server runs. */
export function getTarget(): Promise<Target> {
  if (!cachedTarget || Date.now() - cachedTarget.at > 60_000) {
    const value = resolveTarget();
    cachedTarget = { value, at: Date.now() };
  }
  return cachedTarget.value;
}

export async function checkHealth(): Promise<HealthResponse> {
  const config = getConfig();
  const { kinesis, cloudwatch } = awsClients();
  const region = await resolveRegion();
  const kinesisEndpoint = config.kinesisEndpoint ?? `https://kinesis.${region}.amazonaws.com`;
  const cloudwatchEndpoint = config.cloudwatchEndpoint ?? `https://monitoring.${region}.amazonaws.com`;
  const probe = async (service: string, endpoint: string, call: () => Promise<unknown>) => {
    try {
      await call();
      return { reachable: true, endpoint };
    } catch (e) {
      return { reachable: false, endpoint, error: mapAwsError(e, { service, endpoint }).message };
    }
  };
  const [k, c] = await Promise.all([
    probe("Kinesis", kinesisEndpoint, () => kinesis.send(new ListStreamsCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(4_000) })),
    config.cloudwatchDisabled
      ? { reachable: false, endpoint: "none", error: CLOUDWATCH_DISABLED_MESSAGE }
      : probe("CloudWatch", cloudwatchEndpoint, () =>
          cloudwatch.send(new ListMetricsCommand({ Namespace: "AWS/Kinesis" }), { abortSignal: AbortSignal.timeout(4_000) }),
        ),
  ]);
  return { ok: k.reachable, kinesis: { ...k, region }, cloudwatch: c };
}
