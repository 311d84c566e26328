// Builds the Kinesis client that scripts, tests and benchmarks use against kinesis-local.
// The app itself builds its client in lib/server/aws/clients.ts from the SDK's own configuration.
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import http from "node:http";
import https from "node:https";

/** Credentials kinesis-local accepts; a 12-digit access key id selects that account there. */
export const LOCAL_CREDENTIALS = { accessKeyId: "000000000000", secretAccessKey: "local" } as const;
export const LOCAL_REGION = "us-east-1";

export interface ScriptKinesisClientOptions {
  endpoint: string;
  region?: string;
  /** Parallel connections; enough for bounded-concurrency setup and a modest producer. */
  maxSockets?: number;
  maxAttempts?: number;
}

export function createScriptKinesisClient(opts: ScriptKinesisClientOptions): KinesisClient {
  const maxSockets = opts.maxSockets ?? 32;
  return new KinesisClient({
    endpoint: opts.endpoint,
    region: opts.region ?? LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
    maxAttempts: opts.maxAttempts ?? 5,
    // HTTP/1.1 on purpose: the SDK's HTTP/2 handler fails intermittently against kinesis-local.
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
    }),
  });
}
