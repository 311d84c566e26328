import "server-only";
// PROVISIONAL (replaced by the targets-config branch): only the SDK's default chain.
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { isLocalEndpoint } from "@/lib/server/aws/endpoints";
import type { TargetsSetup } from "./target-config";

const key = Symbol.for("shardscope.targets");

async function discover(env: NodeJS.ProcessEnv): Promise<TargetsSetup> {
  let region = "us-east-1";
  try {
    region = await new KinesisClient({}).config.region();
  } catch {
    /* the fallback */
  }
  const kinesis = env.AWS_ENDPOINT_URL_KINESIS || env.AWS_ENDPOINT_URL || undefined;
  const cloudwatch = env.AWS_ENDPOINT_URL_CLOUDWATCH || env.AWS_ENDPOINT_URL || undefined;
  const local = ["1", "true", "yes"].includes(env.SHARDSCOPE_LOCAL_EMULATOR ?? "") || isLocalEndpoint(kinesis);
  return {
    targets: [
      { name: "default", kind: "default", defaultRegion: region, endpoints: { ...(kinesis ? { kinesis } : {}), ...(cloudwatch ? { cloudwatch } : {}) }, local },
    ],
    defaultTarget: "default",
    source: "discovered",
  };
}

export function loadTargets(env: NodeJS.ProcessEnv = process.env): Promise<TargetsSetup> {
  const g = globalThis as typeof globalThis & { [key]?: Promise<TargetsSetup> };
  g[key] ??= discover(env);
  return g[key];
}
