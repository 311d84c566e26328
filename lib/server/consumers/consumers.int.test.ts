// The consumers of a stream, found for real: Lambda functions with event source mappings and a
// Firehose delivery stream (in moto) reading kinesis-local streams, enhanced fan-out consumers
// registered on kinesis-local, their lag as CloudWatch (moto) holds it; asked through the route
// handlers, with one source whose endpoint nobody answers.
//
// One account: kinesis-local names its streams in account 000000000000, so moto must play that
// account too (an event source mapping's EventSourceArn must be the stream's ARN). The target
// assumes a role in it through moto's STS (moto attributes the assumed credentials to the role's
// account), and the harness speaks for the same account with moto's `x-moto-account-id` header.
//
// (The helpers live in scripts/lib/moto-aws.ts, shared with the demo's consumers.) A mapping's
// LastProcessingResult, which AWS sets after invoking the function and moto never sets, is set
// through our moto plugin's test-only call (scripts/lib/moto_shardscope.py); a failing one is
// shown through the route in scripts/testing/demo-consumers.int.test.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateDeliveryStreamCommand, FirehoseClient } from "@aws-sdk/client-firehose";
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  RegisterStreamConsumerCommand,
} from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getAllConsumers } from "@/app/api/t/[target]/[region]/consumers/route";
import { GET as getStreamConsumers } from "@/app/api/t/[target]/[region]/streams/[name]/consumers/route";
import type { AllConsumersResponse, StreamConsumersResponse } from "@/lib/consumers/types";
import { checkHealth } from "@/lib/server/target";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { startKinesisLocal, type KinesisLocal } from "@/scripts/lib/kinesis-local";
import { createScriptKinesisClient, LOCAL_CREDENTIALS, LOCAL_REGION } from "@/scripts/lib/kinesis-client";
import { createFunction as createFunctionIn, inMotoAccount, motoRaw as motoRawIn } from "@/scripts/lib/moto-aws";
import { forgetAppState } from "@/scripts/testing/app-state";
import { scopeAt, scopeCtx, streamCtx } from "@/scripts/testing/scope";

const ACCOUNT = "000000000000";
const moto = inject("motoEndpoint");
const kinesisEndpoint = inject("kinesisEndpoint");
const ACCT = { target: "acct", region: LOCAL_REGION };
const NO_LAMBDA = { target: "no-lambda", region: LOCAL_REGION };
const NO_CLOUDWATCH = { target: "no-cloudwatch", region: LOCAL_REGION };
const SLOW = { target: "slow", region: LOCAL_REGION };
const UNREACHABLE = "http://127.0.0.1:9";

const id = randomBytes(3).toString("hex");
const MAIN = `ss-cons-${id}-orders`;
const OTHER = `ss-cons-${id}-clicks`;
const QUIET = `ss-cons-${id}-quiet`;
/** A stream moto knows and this scope's Kinesis does not (another account's, say): its readers are not this scope's. */
const GHOST = `ss-cons-${id}-ghost`;
const FN_MAIN = `enrich-${id}`;
const FN_OFF = `audit-${id}`;
const FN_OTHER = `clicks-${id}`;
const FN_GHOST = `ghost-${id}`;
const FH_MAIN = `to-s3-${id}`;
const FH_OTHER = `clicks-s3-${id}`;
const BUCKET = `ss-cons-${id}`;
const EFO = `dashboard-${id}`;
const SLOW_EFO = `registering-${id}`;

const streamArn = (name: string) => `arn:aws:kinesis:${LOCAL_REGION}:${ACCOUNT}:stream/${name}`;

const sdk = { endpoint: moto, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
let kinesis: KinesisClient;
let motoKinesis: KinesisClient;
let lambda: LambdaClient;
let firehose: FirehoseClient;
let cloudwatch: CloudWatchClient;
let dir: string;
/** A kinesis-local whose consumers take a minute to register, as AWS's may: one stays CREATING through the test. */
let slowKinesis: KinesisLocal | undefined;
let slow: KinesisClient | undefined;
const saved = { file: process.env.SHARDSCOPE_TARGETS_FILE };

const motoRaw = (service: string, method: string, urlPath: string, body?: string) => motoRawIn(moto, service, method, urlPath, body, ACCOUNT);

async function putLag(namespace: string, metric: string, dimensions: Record<string, string>, value: number, minutesAgo = 2): Promise<void> {
  await cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: namespace,
      MetricData: [
        {
          MetricName: metric,
          Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
          // Two minutes ago by default: inside the 15 minutes that count as current.
          Timestamp: new Date(Date.now() - minutesAgo * 60_000),
          Unit: "Milliseconds",
          Value: value,
        },
      ],
    }),
  );
}

const createFunction = (name: string, role: string) => createFunctionIn(lambda, name, role);

async function waitForConsumer(arn: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const out = await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }));
    if (out.ConsumerDescription?.ConsumerStatus === "ACTIVE") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`consumer ${arn} never became ACTIVE`);
}

beforeAll(async () => {
  kinesis = createScriptKinesisClient({ endpoint: kinesisEndpoint });
  motoKinesis = inMotoAccount(createScriptKinesisClient({ endpoint: moto }));
  lambda = inMotoAccount(new LambdaClient(sdk));
  firehose = inMotoAccount(new FirehoseClient(sdk));
  cloudwatch = inMotoAccount(new CloudWatchClient({ ...sdk, disableRequestCompression: true }));

  const slowStarting = startKinesisLocal({ env: { REGISTER_STREAM_CONSUMER_DURATION: "60s" } });
  await Promise.all([MAIN, OTHER, QUIET].map((s) => kinesis.send(new CreateStreamCommand({ StreamName: s, ShardCount: 1 }))));
  await Promise.all([MAIN, OTHER, QUIET].map((s) => waitUntilActive(kinesis, s)));
  const arn = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: MAIN }))).StreamDescriptionSummary?.StreamARN;
  // The premise of the one-account setup above.
  expect(arn).toBe(streamArn(MAIN));

  // moto checks that a mapping's source exists in its own Kinesis: the same streams there (AWS's part).
  await Promise.all([MAIN, OTHER, GHOST].map((s) => motoKinesis.send(new CreateStreamCommand({ StreamName: s, ShardCount: 1 }))));
  const role = `arn:aws:iam::${ACCOUNT}:role/consumers-${id}`;
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  });
  await motoRaw("iam", "POST", "/", `Action=CreateRole&Version=2010-05-08&RoleName=consumers-${id}&AssumeRolePolicyDocument=${encodeURIComponent(trust)}`);
  await motoRaw("s3", "PUT", `/${BUCKET}`);

  await Promise.all([createFunction(FN_MAIN, role), createFunction(FN_OFF, role), createFunction(FN_OTHER, role), createFunction(FN_GHOST, role)]);
  await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: FN_GHOST, EventSourceArn: streamArn(GHOST), StartingPosition: "LATEST" }));
  await lambda.send(
    new CreateEventSourceMappingCommand({
      FunctionName: FN_MAIN,
      EventSourceArn: streamArn(MAIN),
      StartingPosition: "LATEST",
      BatchSize: 250,
      ParallelizationFactor: 2,
      MaximumBatchingWindowInSeconds: 5,
      DestinationConfig: { OnFailure: { Destination: `arn:aws:sqs:${LOCAL_REGION}:${ACCOUNT}:enrich-dlq` } },
    }),
  );
  await lambda.send(
    new CreateEventSourceMappingCommand({ FunctionName: FN_OFF, EventSourceArn: streamArn(MAIN), StartingPosition: "TRIM_HORIZON", Enabled: false }),
  );
  await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: FN_OTHER, EventSourceArn: streamArn(OTHER), StartingPosition: "LATEST" }));

  const deliveryTo = (name: string, source: string) =>
    firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        DeliveryStreamType: "KinesisStreamAsSource",
        KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn(source), RoleARN: role },
        ExtendedS3DestinationConfiguration: { BucketARN: `arn:aws:s3:::${BUCKET}`, RoleARN: role },
      }),
    );
  await Promise.all([deliveryTo(FH_MAIN, MAIN), deliveryTo(FH_OTHER, OTHER), deliveryTo(`ghost-s3-${id}`, GHOST)]);

  const consumer = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn(MAIN), ConsumerName: EFO }));
  await waitForConsumer(consumer.Consumer!.ConsumerARN!);

  // The lag AWS would publish for each (warning 60 s and critical 300 s by default).
  await Promise.all([
    putLag("AWS/Lambda", "IteratorAge", { FunctionName: FN_MAIN }, 420_000),
    // History: older than the 15 minutes that count as current, within the hour a chart shows.
    putLag("AWS/Lambda", "IteratorAge", { FunctionName: FN_MAIN }, 600_000, 40),
    putLag("AWS/Firehose", "KinesisMillisBehindLatest", { DeliveryStreamName: FH_OTHER }, 30_000, 30),
    putLag("AWS/Lambda", "IteratorAge", { FunctionName: FN_OTHER }, 1_000),
    putLag("AWS/Firehose", "KinesisMillisBehindLatest", { DeliveryStreamName: FH_MAIN }, 90_000),
    putLag("AWS/Kinesis", "SubscribeToShardEvent.MillisBehindLatest", { StreamName: MAIN, ConsumerName: EFO }, 1_500),
  ]);

  slowKinesis = await slowStarting;
  slow = createScriptKinesisClient({ endpoint: slowKinesis.endpoint });
  await slow.send(new CreateStreamCommand({ StreamName: MAIN, ShardCount: 1 }));
  await waitUntilActive(slow, MAIN);
  await slow.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn(MAIN), ConsumerName: SLOW_EFO }));

  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-consumers-"));
  const file = path.join(dir, "targets.json");
  const endpoints = { kinesis: kinesisEndpoint, cloudwatch: moto, sts: moto, dynamodb: moto, lambda: moto, firehose: moto };
  const assume = { arn: `arn:aws:iam::${ACCOUNT}:role/ShardscopeRead`, sessionName: "shardscope" };
  fs.writeFileSync(
    file,
    JSON.stringify({
      default: "acct",
      targets: [
        { name: "acct", region: LOCAL_REGION, role: assume, endpoints, local: true },
        { name: "no-lambda", region: LOCAL_REGION, role: assume, endpoints: { ...endpoints, lambda: UNREACHABLE }, local: true },
        { name: "no-cloudwatch", region: LOCAL_REGION, role: assume, endpoints: { ...endpoints, cloudwatch: UNREACHABLE }, local: true },
        { name: "slow", region: LOCAL_REGION, role: assume, endpoints: { ...endpoints, kinesis: slowKinesis.endpoint }, local: true },
      ],
    }),
  );
  process.env.SHARDSCOPE_TARGETS_FILE = file;
  forgetAppState();
});

afterAll(async () => {
  if (saved.file === undefined) delete process.env.SHARDSCOPE_TARGETS_FILE;
  else process.env.SHARDSCOPE_TARGETS_FILE = saved.file;
  forgetAppState();
  await Promise.all([MAIN, OTHER, QUIET].map((s) => kinesis.send(new DeleteStreamCommand({ StreamName: s, EnforceConsumerDeletion: true })))).catch(() => {});
  for (const c of [kinesis, motoKinesis, lambda, firehose, cloudwatch, slow]) c?.destroy();
  await slowKinesis?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function call<T>(res: Promise<Response>): Promise<{ status: number; body: T }> {
  const r = await res;
  return { status: r.status, body: (await r.json()) as T };
}
const req = () => new Request("http://localhost/x");

describe("GET …/streams/{name}/consumers", () => {
  it("lists every kind that reads the stream, worst first, with what each source read", async () => {
    const { status, body } = await call<StreamConsumersResponse>(getStreamConsumers(req(), streamCtx(MAIN, ACCT)));
    expect(status).toBe(200);
    expect(body.sources).toEqual([
      { kind: "kcl", ok: true },
      { kind: "lambda", ok: true },
      { kind: "firehose", ok: true },
      { kind: "efo", ok: true },
    ]);
    expect(body.consumers.map((c) => [c.kind, c.name, c.health])).toEqual([
      ["lambda", FN_MAIN, "critical"],
      ["lambda", FN_OFF, "critical"],
      ["firehose", FH_MAIN, "warning"],
      ["efo", EFO, "ok"],
    ]);
    const [enrich, audit, delivery, efo] = body.consumers;

    expect(enrich).toMatchObject({
      id: expect.stringMatching(/^lambda:[0-9a-f-]{36}$/),
      state: "Enabled",
      reasons: ["IteratorAge 7 min is past the critical 5 min"],
      lag: { maxMillis: 420_000 },
      details: {
        functionArn: `arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT}:function:${FN_MAIN}`,
        eventSourceArn: streamArn(MAIN),
        batchSize: 250,
        startingPosition: "LATEST",
        parallelizationFactor: 2,
        maximumBatchingWindowInSeconds: 5,
        onFailureDestination: `arn:aws:sqs:${LOCAL_REGION}:${ACCOUNT}:enrich-dlq`,
      },
    });
    // Its history: CloudWatch's minutes of the last hour, oldest first, at the start of each minute.
    expect(enrich!.lagHistory?.source).toBe("cloudwatch");
    expect(enrich!.lagHistory?.points.map((p) => p.lagMillis)).toEqual([600_000, 420_000]);
    const [old, recent] = enrich!.lagHistory!.points.map((p) => Date.parse(p.at));
    expect(old! % 60_000).toBe(0);
    expect(Date.now() - old!).toBeGreaterThan(39 * 60_000);
    expect(Date.now() - recent!).toBeLessThan(4 * 60_000);
    expect(audit).toMatchObject({
      state: "Disabled",
      lag: null,
      reasons: [expect.stringMatching(/^the mapping is Disabled.*: the function receives no records$/)],
      details: { startingPosition: "TRIM_HORIZON" },
    });
    expect(delivery).toMatchObject({
      id: `firehose:${FH_MAIN}`,
      state: "ACTIVE",
      reasons: ["read lag (KinesisMillisBehindLatest) 1.5 min is past the warning 1 min"],
      lag: { maxMillis: 90_000 },
      details: { destination: `S3 bucket ${BUCKET}`, sourceStreamArn: streamArn(MAIN) },
    });
    expect(efo).toMatchObject({
      state: "ACTIVE",
      reasons: [],
      lag: { maxMillis: 1_500 },
    });
    expect(efo!.id).toMatch(new RegExp(`^efo:arn:aws:kinesis:${LOCAL_REGION}:${ACCOUNT}:stream/${MAIN}/consumer/${EFO}:`));
    for (const c of body.consumers) expect(Date.parse(c.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("says what an answer cost, and shares it with the next viewer for the refresh interval at no cost", async () => {
    forgetAppState();
    const first = await call<StreamConsumersResponse>(getStreamConsumers(req(), streamCtx(OTHER, ACCT)));
    const second = await call<StreamConsumersResponse>(getStreamConsumers(req(), streamCtx(OTHER, ACCT)));
    // KCL: ListTables (no lease table in this account); Lambda: ListEventSourceMappings + GetMetricData;
    // Firehose: ListDeliveryStreams, 3 × DescribeDeliveryStream, GetMetricData; fan-out:
    // ListStreamConsumers (no consumer, so no GetMetricData).
    expect(first.body.usage).toEqual({ kinesisCalls: 0, otherCalls: 9, refreshSeconds: 30 });
    expect(second.body.usage).toEqual({ kinesisCalls: 0, otherCalls: 0, refreshSeconds: 30 });
    expect(second.body.fetchedAt).toBe(first.body.fetchedAt);
    expect(second.body.consumers).toEqual(first.body.consumers);
    expect(first.body.consumers.map((c) => [c.kind, c.name, c.health, c.lag])).toEqual([
      ["lambda", FN_OTHER, "ok", { maxMillis: 1_000 }],
      ["firehose", FH_OTHER, "ok", null],
    ]);
    // Its lag of 30 minutes ago is history, not current.
    expect(first.body.consumers[1]!.lagHistory).toEqual({ source: "cloudwatch", points: [{ at: expect.any(String), lagMillis: 30_000 }] });
  });

  it("answers an empty list for a stream nobody reads, and a 404 for a stream that does not exist", async () => {
    const quiet = await call<StreamConsumersResponse>(getStreamConsumers(req(), streamCtx(QUIET, ACCT)));
    expect(quiet.status).toBe(200);
    expect(quiet.body.consumers).toEqual([]);
    expect(quiet.body.sources.every((s) => s.ok)).toBe(true);

    const missing = await call<{ error: { code: string; message: string } }>(getStreamConsumers(req(), streamCtx(`${MAIN}-nope`, ACCT)));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });

  it("reports a source whose endpoint does not answer, and still lists what the others found", async () => {
    const { status, body } = await call<StreamConsumersResponse>(getStreamConsumers(req(), streamCtx(MAIN, NO_LAMBDA)));
    expect(status).toBe(200);
    expect(body.sources).toEqual([
      { kind: "kcl", ok: true },
      { kind: "lambda", ok: false, message: `Cannot reach Lambda at ${UNREACHABLE} (ECONNREFUSED). Check the endpoint setting and your network.` },
      { kind: "firehose", ok: true },
      { kind: "efo", ok: true },
    ]);
    expect(body.consumers.map((c) => [c.kind, c.name])).toEqual([
      ["firehose", FH_MAIN],
      ["efo", EFO],
    ]);
  });
});

describe("consumers whose state or lag cannot be trusted", () => {
  it("warns of a fan-out consumer that is not ACTIVE yet", async () => {
    const { body } = await call<StreamConsumersResponse>(getStreamConsumers(req(), streamCtx(MAIN, SLOW)));
    const efo = body.consumers.find((c) => c.kind === "efo");
    expect(efo).toMatchObject({ name: SLOW_EFO, state: "CREATING", health: "warning", reasons: ["the consumer is CREATING, not ACTIVE"], lag: null });
  });

  it("lists every consumer when CloudWatch does not answer, each with its lag unknown and why", async () => {
    const { status, body } = await call<StreamConsumersResponse>(getStreamConsumers(req(), streamCtx(MAIN, NO_CLOUDWATCH)));
    expect(status).toBe(200);
    expect(body.sources.every((s) => s.ok)).toBe(true);
    const why = `lag unknown: Cannot reach CloudWatch at ${UNREACHABLE} (ECONNREFUSED). Check the endpoint setting and your network.`;
    expect(body.consumers.map((c) => [c.name, c.health, c.lag, c.reasons.at(-1)])).toEqual([
      [FN_OFF, "critical", null, why],
      // Then by name: dashboard-, enrich-, to-s3-.
      [EFO, "unknown", null, why],
      [FN_MAIN, "unknown", null, why],
      [FH_MAIN, "unknown", null, why],
    ]);
  });
});

describe("GET …/consumers", () => {
  it("lists the consumers of every stream of the scope, each with its stream, worst first", async () => {
    const { status, body } = await call<AllConsumersResponse>(getAllConsumers(req(), scopeCtx(ACCT)));
    expect(status).toBe(200);
    expect(body.sources.every((s) => s.ok)).toBe(true);
    const mine = body.consumers.filter((c) => c.stream.startsWith(`ss-cons-${id}-`));
    // The ghost stream's mapping and delivery stream read no stream of this scope: left out.
    expect(mine.map((c) => [c.stream, c.kind, c.name, c.health])).toEqual([
      [MAIN, "lambda", FN_MAIN, "critical"],
      [MAIN, "lambda", FN_OFF, "critical"],
      [MAIN, "firehose", FH_MAIN, "warning"],
      [MAIN, "efo", EFO, "ok"],
      [OTHER, "lambda", FN_OTHER, "ok"],
      [OTHER, "firehose", FH_OTHER, "ok"],
    ]);
    expect(body.usage.otherCalls).toBeGreaterThan(0);
  });
});

describe("GET /api/health with the consumers' endpoints", () => {
  it("says which endpoint does not answer, and stays ok while Kinesis does", async () => {
    const scope = await scopeAt({ kinesis: kinesisEndpoint, cloudwatch: moto, dynamodb: moto, firehose: moto, lambda: UNREACHABLE });
    const health = await checkHealth(scope);
    expect(health).toMatchObject({
      ok: true,
      dynamodb: { reachable: true, endpoint: moto },
      firehose: { reachable: true, endpoint: moto },
      lambda: {
        reachable: false,
        endpoint: UNREACHABLE,
        error: `Cannot reach Lambda at ${UNREACHABLE} (ECONNREFUSED). Check the endpoint setting and your network.`,
      },
    });
    scope.stopAll();
  });
});
