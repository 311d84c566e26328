// Vitest globalSetup of the `integration` project: one kinesis-local for the whole run, on free
// loopback ports. Tests reach it through inject("kinesisEndpoint") or the SDK's own env variables.
import type { TestProject } from "vitest/node";
import { startKinesisLocal, type KinesisLocal } from "../lib/kinesis-local";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../lib/kinesis-client";

declare module "vitest" {
  export interface ProvidedContext {
    /** Plain HTTP endpoint of the kinesis-local started for this run. */
    kinesisEndpoint: string;
  }
}

let kinesis: KinesisLocal | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  kinesis = await startKinesisLocal({
    // Room for tests that create many streams; the defaults (50 shards, 10 on-demand) run out fast.
    shardLimit: 1_000,
    onDemandStreamLimit: 50,
  });
  project.provide("kinesisEndpoint", kinesis.endpoint);
  // Set before the test workers start, so code that builds its client from the SDK's default
  // chain (lib/server/aws/clients.ts) talks to kinesis-local too.
  process.env.AWS_ENDPOINT_URL_KINESIS = kinesis.endpoint;
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  // If the run is interrupted, Ctrl-C reaches kinesis-local too (same process group) and the
  // child also exits when its stdin pipe from us closes, so no orphan is left behind.
  return async () => {
    await kinesis?.stop();
    kinesis = undefined;
  };
}
