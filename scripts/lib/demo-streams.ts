// Creates the demo's streams in kinesis-local: varied enough to show every view (provisioned and
// on-demand, a closed parent shard after a split, tags, enhanced monitoring). Safe to run twice.
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  EnableEnhancedMonitoringCommand,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  ResourceInUseException,
  SplitShardCommand,
  type KinesisClient,
  type MetricsName,
  type Shard,
} from "@aws-sdk/client-kinesis";
import { createRng } from "../../lib/util/create-rng";
import { paymentRecord, type DemoStreamMix, type DemoStreamName } from "./demo-data";

export interface DemoStreamSpec<S extends string = string> {
  name: S;
  mode: "PROVISIONED" | "ON_DEMAND";
  /** Provisioned shard count at creation. */
  shardCount?: number;
  tags: Record<string, string>;
}

export const DEMO_STREAMS: readonly DemoStreamSpec<DemoStreamName>[] = [
  { name: "orders", mode: "PROVISIONED", shardCount: 4, tags: { team: "commerce", env: "demo", "cost-center": "1234" } },
  { name: "clickstream", mode: "ON_DEMAND", tags: { team: "web", env: "demo" } },
  { name: "telemetry", mode: "PROVISIONED", shardCount: 2, tags: { team: "iot", env: "demo" } },
  { name: "payments", mode: "PROVISIONED", shardCount: 1, tags: { team: "payments", env: "demo", pii: "false" } },
];

/** The region the demo's second kinesis-local plays (target `local-eu`). */
export const EU_REGION = "eu-west-1";

/**
 * The second region's own streams: an `orders` too (with fewer shards, so switching region on
 * the same stream name visibly changes what is shown) and two that exist only there.
 */
export const EU_DEMO_STREAMS: readonly DemoStreamSpec[] = [
  { name: "orders", mode: "PROVISIONED", shardCount: 2, tags: { team: "commerce", env: "demo", market: "eu" } },
  { name: "invoices", mode: "PROVISIONED", shardCount: 1, tags: { team: "billing", env: "demo", market: "eu" } },
  { name: "sensors", mode: "ON_DEMAND", tags: { team: "iot", env: "demo", market: "eu" } },
];

/** What the demo producer writes into the second region's streams: orders, payment-like invoices, telemetry. */
export const EU_DEMO_MIX: readonly DemoStreamMix[] = [
  { stream: "orders", carries: "orders", weight: 0.5 },
  { stream: "invoices", carries: "payments", weight: 0.2 },
  { stream: "sensors", carries: "telemetry", weight: 0.3 },
];

/** Where payments' only shard is split: the middle of the 128-bit hash key space. */
export const PAYMENTS_SPLIT_HASH_KEY = (2n ** 127n).toString();
/** Records put into payments' first shard before the split, so the closed parent has history. */
export const PAYMENTS_RECORDS_BEFORE_SPLIT = 8;
export const ORDERS_SHARD_LEVEL_METRICS: MetricsName[] = ["IncomingBytes", "IncomingRecords", "IteratorAgeMilliseconds"];

export interface CreateDemoStreamsResult {
  created: string[];
  existing: string[];
  /** False when kinesis-local refused EnableEnhancedMonitoring (then it was skipped). */
  enhancedMonitoring: boolean;
}

export interface CreateDemoStreamsOptions {
  /** How long to wait for a stream to become ACTIVE. */
  activeTimeoutMs?: number;
  log?: (line: string) => void;
}

export async function createDemoStreams(client: KinesisClient, opts: CreateDemoStreamsOptions = {}): Promise<CreateDemoStreamsResult> {
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.activeTimeoutMs ?? 30_000;
  const { created, existing } = await ensureStreams(client, DEMO_STREAMS, timeoutMs, log);
  await splitPaymentsOnce(client, timeoutMs, log);
  await tagStreams(client, DEMO_STREAMS);
  return { created, existing, enhancedMonitoring: await enableOrdersMonitoring(client, log) };
}

/**
 * The second region's streams (EU_DEMO_STREAMS), through a client signed for that region:
 * kinesis-local keeps each region's streams apart, as Kinesis does. Safe to run twice.
 */
export async function createEuDemoStreams(client: KinesisClient, opts: CreateDemoStreamsOptions = {}): Promise<CreateDemoStreamsResult> {
  const log = opts.log ?? (() => {});
  const { created, existing } = await ensureStreams(client, EU_DEMO_STREAMS, opts.activeTimeoutMs ?? 30_000, log);
  await tagStreams(client, EU_DEMO_STREAMS);
  return { created, existing, enhancedMonitoring: await enableOrdersMonitoring(client, log) };
}

/** Creates whichever of `specs` do not exist yet and waits until all are ACTIVE. */
async function ensureStreams(
  client: KinesisClient,
  specs: readonly DemoStreamSpec[],
  timeoutMs: number,
  log: (line: string) => void,
): Promise<{ created: string[]; existing: string[] }> {
  const present = new Set(await listAllStreamNames(client));
  const created: string[] = [];
  const existing: string[] = [];
  await Promise.all(
    specs.map(async (spec) => {
      if (present.has(spec.name)) {
        existing.push(spec.name);
        return;
      }
      try {
        await client.send(
          new CreateStreamCommand({
            StreamName: spec.name,
            ...(spec.mode === "ON_DEMAND"
              ? { StreamModeDetails: { StreamMode: "ON_DEMAND" } }
              : { ShardCount: spec.shardCount, StreamModeDetails: { StreamMode: "PROVISIONED" } }),
          }),
        );
        created.push(spec.name);
      } catch (err) {
        // Someone else created it between our list and our create: that is fine.
        if (!(err instanceof ResourceInUseException)) throw err;
        existing.push(spec.name);
      }
    }),
  );
  await Promise.all(specs.map((spec) => waitUntilActive(client, spec.name, timeoutMs)));
  log(`streams ready (created: ${created.join(", ") || "none"}; already there: ${existing.join(", ") || "none"})`);
  return { created, existing };
}

async function tagStreams(client: KinesisClient, specs: readonly DemoStreamSpec[]): Promise<void> {
  await Promise.all(specs.map((spec) => client.send(new AddTagsToStreamCommand({ StreamName: spec.name, Tags: spec.tags }))));
}

/** Enhanced monitoring on orders; false when kinesis-local refused it (then it was skipped). */
async function enableOrdersMonitoring(client: KinesisClient, log: (line: string) => void): Promise<boolean> {
  try {
    await client.send(new EnableEnhancedMonitoringCommand({ StreamName: "orders", ShardLevelMetrics: ORDERS_SHARD_LEVEL_METRICS }));
    return true;
  } catch (err) {
    // Nice to have for the details page, never worth failing the demo over.
    log(`enhanced monitoring not enabled on orders: ${(err as Error).message}`);
    return false;
  }
}

/**
 * Splits payments' single shard in two, after putting a few records into it, unless that was done
 * already. A stream left half-way by an earlier run (records but no split) is finished.
 */
async function splitPaymentsOnce(client: KinesisClient, timeoutMs: number, log: (line: string) => void): Promise<void> {
  const shards = await listAllShards(client, "payments");
  const open = shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined);
  const parent = open[0];
  if (shards.length !== 1 || !parent?.ShardId) return;

  const rng = createRng(20_240_601);
  for (let i = 0; i < PAYMENTS_RECORDS_BEFORE_SPLIT; i++) {
    const record = paymentRecord(rng, new Date());
    await client.send(new PutRecordCommand({ StreamName: "payments", PartitionKey: record.partitionKey, Data: record.data }));
  }
  await client.send(new SplitShardCommand({ StreamName: "payments", ShardToSplit: parent.ShardId, NewStartingHashKey: PAYMENTS_SPLIT_HASH_KEY }));
  await waitUntilActive(client, "payments", timeoutMs);
  log(`payments: split ${parent.ShardId} after ${PAYMENTS_RECORDS_BEFORE_SPLIT} records`);
}

/** Every stream name; kinesis-local pages with HasMoreStreams and never sends a NextToken. */
export async function listAllStreamNames(client: KinesisClient): Promise<string[]> {
  const names: string[] = [];
  let exclusiveStart: string | undefined;
  for (;;) {
    const page = await client.send(new ListStreamsCommand({ ExclusiveStartStreamName: exclusiveStart, Limit: 100 }));
    const batch = page.StreamNames ?? [];
    names.push(...batch);
    if (!page.HasMoreStreams || batch.length === 0) return names;
    exclusiveStart = batch[batch.length - 1];
  }
}

export async function listAllShards(client: KinesisClient, streamName: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(nextToken ? new ListShardsCommand({ NextToken: nextToken }) : new ListShardsCommand({ StreamName: streamName }));
    shards.push(...(page.Shards ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return shards;
}

export async function waitUntilActive(client: KinesisClient, streamName: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let status: string | undefined;
  while (Date.now() < deadline) {
    const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    status = summary.StreamDescriptionSummary?.StreamStatus;
    if (status === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`stream ${streamName} is still ${status ?? "unknown"} after ${timeoutMs} ms`);
}
