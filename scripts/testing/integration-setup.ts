// Vitest globalSetup of the `integration` project: two kinesis-locals (the second plays another
// region) and one moto server (the local CloudWatch, STS, DynamoDB, Lambda and Firehose) for the whole run, on free loopback ports. Tests reach them through
// inject("kinesisEndpoint") / inject("cloudwatchEndpoint") or the SDK's own env variables.
import type { TestProject } from "vitest/node";
import { startKinesisLocal, type KinesisLocal } from "../lib/kinesis-local";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../lib/kinesis-client";
import { startMotoServer, type MotoServer } from "../lib/moto-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** Plain HTTP endpoint of the kinesis-local started for this run. */
    kinesisEndpoint: string;
    /** Plain HTTP endpoint of the moto server standing in for CloudWatch. */
    cloudwatchEndpoint: string;
    /** A second kinesis-local, playing another region or account in two-target tests. */
    kinesisEndpointEu: string;
    /** The moto server's endpoint, for the services it plays besides CloudWatch (STS, DynamoDB, Lambda, Firehose, S3…). */
    motoEndpoint: string;
  }
}

let kinesis: KinesisLocal | undefined;
let kinesisEu: KinesisLocal | undefined;
let moto: MotoServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const teardown = async () => {
    await Promise.all([kinesis?.stop(), kinesisEu?.stop(), moto?.stop()]);
    kinesis = undefined;
    kinesisEu = undefined;
    moto = undefined;
  };
  // All at once; if one fails, whichever did start must not outlive the failed setup.
  const [k, m, e] = await Promise.allSettled([
    startKinesisLocal({
      // Room for tests that create many streams; the defaults (50 shards, 10 on-demand) run out fast.
      shardLimit: 1_000,
      onDemandStreamLimit: 50,
    }),
    startMotoServer(),
    startKinesisLocal(),
  ]);
  kinesis = k.status === "fulfilled" ? k.value : undefined;
  moto = m.status === "fulfilled" ? m.value : undefined;
  kinesisEu = e.status === "fulfilled" ? e.value : undefined;
  if (!kinesis || !moto || !kinesisEu) {
    await teardown();
    throw ([k, m, e].find((r) => r.status === "rejected") as PromiseRejectedResult).reason;
  }
  project.provide("kinesisEndpoint", kinesis.endpoint);
  project.provide("cloudwatchEndpoint", moto.endpoint);
  project.provide("kinesisEndpointEu", kinesisEu.endpoint);
  project.provide("motoEndpoint", moto.endpoint);
  // Set before the test workers start, so code that builds its client from the SDK's default
  // chain (lib/server/aws/clients.ts) talks to kinesis-local too.
  process.env.AWS_ENDPOINT_URL_KINESIS = kinesis.endpoint;
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH = moto.endpoint;
  // moto also plays the services the consumers tab reads: lease tables, event source mappings, delivery streams.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = moto.endpoint;
  process.env.AWS_ENDPOINT_URL_LAMBDA = moto.endpoint;
  process.env.AWS_ENDPOINT_URL_FIREHOSE = moto.endpoint;
  // and the Glue Schema Registry that GSR-encoded records name.
  process.env.AWS_ENDPOINT_URL_GLUE = moto.endpoint;
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  // If the run is interrupted, Ctrl-C reaches both too (same process group), and each exits when
  // its stdin pipe from us closes (moto through its keeper), so no orphan is left behind.
  return teardown;
}
