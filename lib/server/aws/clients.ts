import "server-only";
// The SDK clients of a scope (one target in one region), made on first use and kept by the
// scope: region, credentials and endpoint overrides come from the target's configuration
// (lib/server/targets); what is not configured the SDK resolves itself (its default chain,
// AWS_ENDPOINT_URL_*). What Shardscope decides for itself (which HTTP handler) is decided here.
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { STSClient } from "@aws-sdk/client-sts";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { GlueClient } from "@aws-sdk/client-glue";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import http from "node:http";
import https from "node:https";
import type { Scope } from "@/lib/server/targets/scope";
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

export const kinesisClient = (scope: Scope): KinesisClient =>
  scope.client("kinesis", () => new KinesisClient({ ...scope.clientSettings("kinesis"), requestHandler: httpHandler(), maxAttempts: 3 }));

/** For SubscribeToShard: AWS serves enhanced fan-out over HTTP/2 only; a local emulator over HTTP/1.1 only. */
export const kinesisStreamingClient = (scope: Scope): KinesisClient =>
  scope.client(
    "kinesisStreaming",
    () =>
      new KinesisClient({
        ...scope.clientSettings("kinesis"),
        requestHandler:
          scope.local || isLocalEndpoint(scope.endpointOverride("kinesis"))
            ? httpHandler()
            : new NodeHttp2Handler({ requestTimeout: 0, sessionTimeout: 330_000, disableConcurrentStreams: false }),
        maxAttempts: 1,
      }),
  );

export const cloudwatchClient = (scope: Scope): CloudWatchClient =>
  scope.client("cloudwatch", () => new CloudWatchClient({ ...scope.clientSettings("cloudwatch"), requestHandler: httpHandler(), maxAttempts: 3 }));

/** For KCL lease tables (read-only: ListTables, DescribeTable, Scan). */
export const dynamodbClient = (scope: Scope): DynamoDBClient =>
  scope.client("dynamodb", () => new DynamoDBClient({ ...scope.clientSettings("dynamodb"), requestHandler: httpHandler(), maxAttempts: 3 }));

/** For event source mappings (read-only: ListEventSourceMappings, GetFunction…). */
export const lambdaClient = (scope: Scope): LambdaClient =>
  scope.client("lambda", () => new LambdaClient({ ...scope.clientSettings("lambda"), requestHandler: httpHandler(), maxAttempts: 3 }));

/** For delivery streams reading a Kinesis stream (read-only: ListDeliveryStreams, DescribeDeliveryStream). */
export const firehoseClient = (scope: Scope): FirehoseClient =>
  scope.client("firehose", () => new FirehoseClient({ ...scope.clientSettings("firehose"), requestHandler: httpHandler(), maxAttempts: 3 }));

export const stsClient = (scope: Scope): STSClient =>
  scope.client("sts", () => new STSClient({ ...scope.clientSettings("sts"), requestHandler: httpHandler(), maxAttempts: 1 }));

/** For the Glue Schema Registry (ListRegistries, ListSchemas, ListSchemaVersions; GetSchemaVersion by id, for decoding). */
export const glueClient = (scope: Scope): GlueClient =>
  scope.client("glue", () => new GlueClient({ ...scope.clientSettings("glue"), requestHandler: httpHandler(), maxAttempts: 3 }));
