import "server-only";
// One KinesisClient and one CloudWatchClient per process, built from the SDK's own chain
// (region, credentials, AWS_ENDPOINT_URL_* are all read by the SDK itself). What Shardscope
// decides for itself (which HTTP handler) it reads from the validated config.
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import http from "node:http";
import https from "node:https";
import { getConfig } from "@/lib/server/config";
import { isLocalEndpoint } from "./endpoints";

// HTTP/1.1 on purpose: the SDK's HTTP/2 handler fails intermittently against kinesis-local.
function httpHandler() {
  return new NodeHttpHandler({
    connectionTimeout: 3_000,
    requestTimeout: 15_000,
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  });
}

interface Clients {
  kinesis: KinesisClient;
  /** For SubscribeToShard: AWS serves enhanced fan-out over HTTP/2 only; kinesis-local over HTTP/1.1 only. */
  kinesisStreaming: KinesisClient;
  cloudwatch: CloudWatchClient;
  sts: STSClient;
}

// Survives Next's module re-evaluation in dev so that connections are not leaked per reload.
const globalKey = Symbol.for("shardscope.awsClients");
type GlobalWithClients = typeof globalThis & { [globalKey]?: Clients };

export function awsClients(): Clients {
  const g = globalThis as GlobalWithClients;
  g[globalKey] ??= {
    kinesis: new KinesisClient({ requestHandler: httpHandler(), maxAttempts: 3 }),
    kinesisStreaming: new KinesisClient({
      requestHandler: streamingOverHttp1()
        ? httpHandler()
        : new NodeHttp2Handler({ requestTimeout: 0, sessionTimeout: 330_000, disableConcurrentStreams: false }),
      maxAttempts: 1,
    }),
    cloudwatch: new CloudWatchClient({ requestHandler: httpHandler(), maxAttempts: 3 }),
    sts: new STSClient({ requestHandler: httpHandler(), maxAttempts: 1 }),
  };
  return g[globalKey];
}

/** A local emulator (an endpoint override that is not AWS) speaks HTTP/1.1 for event streams. */
const streamingOverHttp1 = () => isLocalEndpoint(getConfig().kinesisEndpoint);

export const kinesisClient = () => awsClients().kinesis;
export const kinesisStreamingClient = () => awsClients().kinesisStreaming;
export const cloudwatchClient = () => awsClients().cloudwatch;
