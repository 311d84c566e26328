// The demo's consumers: real readers of the demo streams (through kinesis-local) that keep their
// state where AWS keeps it — KCL lease tables in moto's DynamoDB, a Lambda event source mapping
// and a Firehose delivery stream in moto — so that the Consumers tab has something true to show:
//
// - `orders-enricher` (KCL 3.x shape: lease table, `-WorkerMetricStats`, `-CoordinatorState`):
//   two workers share the shards of `orders`, each shard read at a bounded rate, so it falls
//   behind on the shard the producer's hot customer lands on and keeps up on the others.
// - `payments-audit` (KCL 2.x shape, one worker): reads `payments` (the closed parent first, then
//   its children, as the KCL does), then stops checkpointing — its worker still renews its leases,
//   its record processor is stuck — while records keep arriving: stalled.
// - `clickstream-sessionizer`: a Lambda function with an event source mapping on `clickstream`
//   whose last processing result is an error. AWS sets that result after invoking the function;
//   moto invokes nothing and hard-codes it to None, so the harness plays AWS's part through the
//   test-only control call of scripts/lib/moto_shardscope.py.
// - `telemetry-archive`: a Firehose delivery stream from `telemetry` to an S3 bucket.
//
// Every checkpoint is the sequence number of a record the consumer really read. The KCL workers
// write what the KCL writes (scripts/lib/kcl-lease-items.ts): a checkpoint and a lease counter
// bump under the condition that the worker still owns the lease, a renewal every few seconds.
// moto must play kinesis-local's account (scripts/lib/moto-aws.ts says why).
import { DynamoDBClient, PutItemCommand, UpdateItemCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { CreateDeliveryStreamCommand, FirehoseClient } from "@aws-sdk/client-firehose";
import {
  CreateStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceInUseException,
  type KinesisClient,
  type Shard,
} from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createHash, randomUUID } from "node:crypto";
import { sleep } from "../../lib/util/sleep";
import { HOT_CUSTOMER_KEY } from "./demo-data";
import { listAllShards } from "./demo-streams";
import { createLeaseTable, leaderItem, leaseItem, workerMetricsItem } from "./kcl-lease-items";
import { LOCAL_CREDENTIALS, LOCAL_REGION, createScriptKinesisClient } from "./kinesis-client";
import { KINESIS_LOCAL_ACCOUNT, createFunction, createServiceRole, inMotoAccount, kinesisLocalStreamArn, motoRaw } from "./moto-aws";
import { setMappingLastProcessingResult } from "./moto-server";

export const DEMO_CONSUMER_NAMES = {
  enricher: "orders-enricher",
  audit: "payments-audit",
  lambda: "clickstream-sessionizer",
  firehose: "telemetry-archive",
  bucket: "shardscope-demo-telemetry",
} as const;

/** What AWS Lambda answers as LastProcessingResult when the function failed (the demo mapping's). */
export const DEMO_MAPPING_FAILURE = "PROBLEM: Function call failed";

export interface DemoConsumerStreams {
  orders: string;
  payments: string;
  clickstream: string;
  telemetry: string;
}

export interface DemoConsumersOptions {
  /** A client on kinesis-local, where the consumers read. */
  kinesis: KinesisClient;
  /** moto: DynamoDB, Lambda, Firehose, S3 (and its own Kinesis, where Lambda and Firehose look their sources up). */
  motoEndpoint: string;
  account?: string;
  region?: string;
  /** The streams read (the demo's by default). */
  streams?: Partial<DemoConsumerStreams>;
  /** A prefix for every name the consumers create (tests), none by default. */
  prefix?: string;
  /** What one orders-enricher shard processes at most, in records per second (default 1.2; the hot shard gets ~3.3/s at the demo's 20/s). */
  ordersRatePerShard?: number;
  /** When payments-audit stops checkpointing (default 20 s after the start). */
  paymentsStallAfterMs?: number;
  /** How often each worker reads its shards (default 1 s). */
  tickMs?: number;
  /** How often each worker renews its leases (default 3 s). */
  renewMs?: number;
  log?: (line: string) => void;
}

export interface DemoConsumersInfo {
  names: { enricher: string; audit: string; lambda: string; firehose: string; bucket: string };
  streams: DemoConsumerStreams;
  /** The orders shard the hot customer's records land on: where orders-enricher falls behind. */
  hotShard: string;
  mappingUuid: string;
  paymentsStallAfterMs: number;
}

export interface DemoConsumers extends DemoConsumersInfo {
  /** Records each application processed, by shard. */
  stats(): Record<string, Record<string, number>>;
  /** Stops every worker and waits for its last call. */
  stop(): Promise<void>;
}

/**
 * The app's SHARDSCOPE_KCL_LEASE_TABLES for the demo: both lease tables pinned to their streams.
 * A single-stream lease table does not name its stream, and `orders` and `clickstream` have the
 * same four shards (ids and hash key ranges, created in the same second): the app rightly calls
 * orders-enricher ambiguous between them and measures no lag until a pin says which (pinning turns
 * discovery off, so every table is named).
 */
export function demoLeaseTablesSetting(info: Pick<DemoConsumersInfo, "names" | "streams">): string {
  return `${info.names.enricher}=${info.streams.orders},${info.names.audit}=${info.streams.payments}`;
}

/** The open shard whose hash key range holds `partitionKey` (Kinesis hashes it with MD5). */
export function shardOfKey(shards: readonly Shard[], partitionKey: string): string | undefined {
  const hash = BigInt(`0x${createHash("md5").update(partitionKey, "utf8").digest("hex")}`);
  return shards.find(
    (s) =>
      s.SequenceNumberRange?.EndingSequenceNumber === undefined &&
      BigInt(s.HashKeyRange!.StartingHashKey!) <= hash &&
      hash <= BigInt(s.HashKeyRange!.EndingHashKey!),
  )?.ShardId;
}

interface LeaseState {
  shardId: string;
  checkpoint: string;
  parents: string[];
  children: string[];
  hashRange?: { start: string; end: string };
  iterator?: string;
  credit: number;
  processed: number;
  bytesSinceRenew: number;
}

interface WorkerConfig {
  kinesis: KinesisClient;
  ddb: DynamoDBClient;
  table: string;
  stream: string;
  workerId: string;
  leases: LeaseState[];
  /** Records per second per shard. */
  rate: number;
  /** KCL 3.x: throughputKBps on leases, WorkerMetricStats, the leader in CoordinatorState. */
  threeX?: { leader: boolean };
  warn: (key: string, line: string) => void;
}

/** One KCL worker: reads its leases' shards, checkpoints what it read, renews its leases. */
class KclWorker {
  /** A stuck record processor: no reads, no checkpoints; the worker still renews. */
  stalled = false;
  private lastRenew = Date.now();
  private processedSinceRenew = 0;
  private readonly utilisation: number[] = [];

  constructor(private readonly c: WorkerConfig) {}

  async writeLeases(): Promise<void> {
    for (const l of this.c.leases) {
      await this.c.ddb.send(
        new PutItemCommand({
          TableName: this.c.table,
          Item: leaseItem({
            leaseKey: l.shardId,
            owner: this.c.workerId,
            counter: 1,
            checkpoint: l.checkpoint,
            parents: l.parents,
            children: l.children,
            ...(l.hashRange ? { hashRange: l.hashRange } : {}),
            ...(this.c.threeX ? { throughputKBps: 0 } : {}),
          }),
        }),
      );
    }
  }

  private blocked(l: LeaseState): boolean {
    // A child waits until its parent's lease reached SHARD_END (all of one worker here).
    return l.parents.some((p) => {
      const parent = this.c.leases.find((o) => o.shardId === p);
      return parent !== undefined && parent.checkpoint !== "SHARD_END";
    });
  }

  async readOnce(elapsedMs: number): Promise<void> {
    if (this.stalled) return;
    for (const l of this.c.leases) {
      if (l.checkpoint === "SHARD_END" || this.blocked(l)) continue;
      l.credit = Math.min(l.credit + (this.c.rate * elapsedMs) / 1000, Math.max(2, this.c.rate * 2));
      const limit = Math.min(10_000, Math.floor(l.credit));
      if (limit < 1) continue;
      try {
        l.iterator ??= (
          await this.c.kinesis.send(
            new GetShardIteratorCommand({
              StreamName: this.c.stream,
              ShardId: l.shardId,
              ...(l.checkpoint === "TRIM_HORIZON"
                ? { ShardIteratorType: "TRIM_HORIZON" }
                : { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber: l.checkpoint }),
            }),
          )
        ).ShardIterator;
        const out = await this.c.kinesis.send(new GetRecordsCommand({ ShardIterator: l.iterator, Limit: limit }));
        l.iterator = out.NextShardIterator;
        const records = out.Records ?? [];
        l.credit -= records.length;
        l.processed += records.length;
        this.processedSinceRenew += records.length;
        for (const r of records) l.bytesSinceRenew += r.Data?.byteLength ?? 0;
        const last = records.at(-1)?.SequenceNumber;
        // A closed shard read to its end has no next iterator: the KCL checkpoints SHARD_END.
        const end = out.NextShardIterator === undefined || out.NextShardIterator === null;
        if (last || end) await this.checkpoint(l, end ? "SHARD_END" : last!);
      } catch (e) {
        l.iterator = undefined;
        if (!(e instanceof ExpiredIteratorException))
          this.c.warn(`${this.c.table}:${(e as Error).name}`, `${this.c.table} ${l.shardId}: ${(e as Error).message}`);
      }
    }
  }

  private async checkpoint(l: LeaseState, checkpoint: string): Promise<void> {
    await this.update(l.shardId, "SET checkpoint = :cp, checkpointSubSequenceNumber = :zero, ownerSwitchesSinceCheckpoint = :zero", {
      ":cp": { S: checkpoint },
      ":zero": { N: "0" },
    });
    l.checkpoint = checkpoint;
  }

  /** Conditional on owning the lease, as the KCL's updates are; every update bumps the lease counter. */
  private async update(shardId: string, set: string, values: Record<string, AttributeValue>): Promise<void> {
    await this.c.ddb.send(
      new UpdateItemCommand({
        TableName: this.c.table,
        Key: { leaseKey: { S: shardId } },
        UpdateExpression: `${set} ADD leaseCounter :one`,
        ConditionExpression: "leaseOwner = :me",
        ExpressionAttributeValues: { ...values, ":one": { N: "1" }, ":me": { S: this.c.workerId } },
      }),
    );
  }

  /** The lease renewer (and, for 3.x, the worker's metrics and the leader's lock). */
  async renew(): Promise<void> {
    const now = Date.now();
    const seconds = Math.max(0.001, (now - this.lastRenew) / 1000);
    for (const l of this.c.leases) {
      if (this.c.threeX) {
        await this.update(l.shardId, "SET throughputKBps = :kbps", { ":kbps": { N: (l.bytesSinceRenew / 1024 / seconds).toFixed(3) } });
      } else {
        await this.update(l.shardId, "SET leaseOwner = :me", {});
      }
      l.bytesSinceRenew = 0;
    }
    if (this.c.threeX) {
      // The demo's stand-in for host CPU (both workers share one process): the share of its read capacity the worker used.
      const open = this.c.leases.filter((l) => l.checkpoint !== "SHARD_END").length;
      const used = open === 0 ? 0 : Math.min(100, Math.round((100 * this.processedSinceRenew) / (this.c.rate * open * seconds)));
      this.utilisation.push(used);
      if (this.utilisation.length > 10) this.utilisation.shift();
      await this.c.ddb.send(
        new PutItemCommand({ TableName: `${this.c.table}-WorkerMetricStats`, Item: workerMetricsItem(this.c.workerId, { CPU: this.utilisation }) }),
      );
      if (this.c.threeX.leader) {
        await this.c.ddb.send(new PutItemCommand({ TableName: `${this.c.table}-CoordinatorState`, Item: leaderItem(this.c.workerId, randomUUID()) }));
      }
    }
    this.processedSinceRenew = 0;
    this.lastRenew = now;
  }

  processed(): Record<string, number> {
    return Object.fromEntries(this.c.leases.map((l) => [l.shardId, l.processed]));
  }
}

const leaseOf = (s: Shard): LeaseState => ({
  shardId: s.ShardId!,
  checkpoint: "TRIM_HORIZON",
  parents: [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => !!p),
  children: [],
  hashRange: { start: s.HashKeyRange!.StartingHashKey!, end: s.HashKeyRange!.EndingHashKey! },
  credit: 0,
  processed: 0,
  bytesSinceRenew: 0,
});

/** Creates the consumers in moto and starts the KCL workers; `stop()` ends them. */
export async function startDemoConsumers(opts: DemoConsumersOptions): Promise<DemoConsumers> {
  const account = opts.account ?? KINESIS_LOCAL_ACCOUNT;
  const region = opts.region ?? LOCAL_REGION;
  const prefix = opts.prefix ?? "";
  const streams: DemoConsumerStreams = { orders: "orders", payments: "payments", clickstream: "clickstream", telemetry: "telemetry", ...opts.streams };
  const names = Object.fromEntries(Object.entries(DEMO_CONSUMER_NAMES).map(([k, v]) => [k, `${prefix}${v}`])) as DemoConsumersInfo["names"];
  const tickMs = opts.tickMs ?? 1_000;
  const renewMs = opts.renewMs ?? 3_000;
  const stallAfterMs = opts.paymentsStallAfterMs ?? 20_000;
  const log = opts.log ?? (() => {});
  const warned = new Set<string>();
  const warn = (key: string, line: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    log(`${line} (further ${key.split(":").at(-1)} errors are not repeated)`);
  };

  const sdk = { endpoint: opts.motoEndpoint, region, credentials: { ...LOCAL_CREDENTIALS } };
  const ddb = inMotoAccount(new DynamoDBClient({ ...sdk, maxAttempts: 3 }), account);
  const lambda = inMotoAccount(new LambdaClient(sdk), account);
  const firehose = inMotoAccount(new FirehoseClient(sdk), account);
  const motoKinesis = inMotoAccount(createScriptKinesisClient({ endpoint: opts.motoEndpoint, region, maxSockets: 4 }), account);
  const clients = [ddb, lambda, firehose, motoKinesis];

  try {
    // orders-enricher: two workers, each half of the open shards; the first is the leader.
    const orderShards = (await listAllShards(opts.kinesis, streams.orders)).filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined);
    const hotShard = shardOfKey(orderShards, HOT_CUSTOMER_KEY) ?? orderShards[0]!.ShardId!;
    await Promise.all(["", "-WorkerMetricStats", "-CoordinatorState"].map((s, i) => createLeaseTable(ddb, names.enricher + s, ["leaseKey", "wid", "key"][i])));
    const half = Math.ceil(orderShards.length / 2);
    const enricher = [orderShards.slice(0, half), orderShards.slice(half)].map(
      (shards, i) =>
        new KclWorker({
          kinesis: opts.kinesis,
          ddb,
          table: names.enricher,
          stream: streams.orders,
          workerId: `enricher-worker-${i + 1}`,
          leases: shards.map(leaseOf),
          rate: opts.ordersRatePerShard ?? 1.2,
          threeX: { leader: i === 0 },
          warn,
        }),
    );

    // payments-audit: one worker, every shard (the closed parent and its children), fast enough to keep up until it stalls.
    const paymentShards = await listAllShards(opts.kinesis, streams.payments);
    const auditLeases = paymentShards.map(leaseOf);
    for (const l of auditLeases) l.children = auditLeases.filter((c) => c.parents.includes(l.shardId)).map((c) => c.shardId);
    await createLeaseTable(ddb, names.audit);
    const audit = new KclWorker({
      kinesis: opts.kinesis,
      ddb,
      table: names.audit,
      stream: streams.payments,
      workerId: "audit-worker-1",
      leases: auditLeases,
      rate: 20,
      warn,
    });
    for (const w of [...enricher, audit]) await w.writeLeases();

    // Lambda and Firehose: moto looks a source ARN up in its own Kinesis, so the same streams exist there (AWS's part).
    for (const s of [streams.clickstream, streams.telemetry]) {
      await motoKinesis.send(new CreateStreamCommand({ StreamName: s, ShardCount: 1 })).catch((e: unknown) => {
        if (!(e instanceof ResourceInUseException)) throw e;
      });
    }
    const role = await createServiceRole(opts.motoEndpoint, `${prefix}shardscope-demo-consumers`, account);
    await createFunction(lambda, names.lambda, role);
    const mapping = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: names.lambda,
        EventSourceArn: kinesisLocalStreamArn(streams.clickstream, region, account),
        StartingPosition: "LATEST",
        BatchSize: 100,
        DestinationConfig: { OnFailure: { Destination: `arn:aws:sqs:${region}:${account}:${names.lambda}-dlq` } },
      }),
    );
    await setMappingLastProcessingResult(opts.motoEndpoint, { uuid: mapping.UUID!, result: DEMO_MAPPING_FAILURE, accountId: account, region });

    await motoRaw(opts.motoEndpoint, "s3", "PUT", `/${names.bucket}`, undefined, account, region);
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: names.firehose,
        DeliveryStreamType: "KinesisStreamAsSource",
        KinesisStreamSourceConfiguration: { KinesisStreamARN: kinesisLocalStreamArn(streams.telemetry, region, account), RoleARN: role },
        ExtendedS3DestinationConfiguration: { BucketARN: `arn:aws:s3:::${names.bucket}`, RoleARN: role, Prefix: "telemetry/" },
      }),
    );

    const abort = new AbortController();
    const startedAt = Date.now();
    const run = async (workers: KclWorker[]) => {
      let last = Date.now();
      let lastRenew = Date.now();
      while (!abort.signal.aborted) {
        const now = Date.now();
        if (workers.includes(audit) && now - startedAt >= stallAfterMs && !audit.stalled) {
          audit.stalled = true;
          log(`${names.audit} stopped checkpointing (its record processor is stuck); its worker still renews its leases`);
        }
        await Promise.all(workers.map((w) => w.readOnce(now - last)));
        last = now;
        if (now - lastRenew >= renewMs) {
          lastRenew = now;
          await Promise.all(workers.map((w) => w.renew().catch((e: Error) => warn(`renew:${e.name}`, `lease renewal failed: ${e.message}`))));
        }
        await sleep(tickMs, abort.signal);
      }
    };
    const loops = [run(enricher), run([audit])].map((p) => p.catch((e: Error) => log(`a demo consumer stopped: ${e.message}`)));

    return {
      names,
      streams,
      hotShard,
      mappingUuid: mapping.UUID!,
      paymentsStallAfterMs: stallAfterMs,
      stats: () => ({
        [names.enricher]: Object.assign({}, ...enricher.map((w) => w.processed())) as Record<string, number>,
        [names.audit]: audit.processed(),
      }),
      async stop() {
        abort.abort();
        await Promise.all(loops);
        for (const c of clients) c.destroy();
      },
    };
  } catch (e) {
    for (const c of clients) c.destroy();
    throw e;
  }
}

/** What the demo's banner says about its consumers: who reads what, and what to look at. */
export function demoConsumersBannerLines(c: DemoConsumersInfo, url: string): string[] {
  return [
    `Consumers (state in moto: KCL lease tables, a Lambda mapping, a Firehose delivery stream); all of them at ${url}/consumers:`,
    `  ${c.streams.orders}: ${c.names.enricher} (KCL 3.x, 2 workers) falls behind on ${c.hotShard}, the hot customer's shard, and keeps up on the others`,
    `  ${c.streams.payments}: ${c.names.audit} (KCL 2.x) stops checkpointing ${Math.round(c.paymentsStallAfterMs / 1000)} s after the start: stalled once the app has seen its checkpoint stand still for a minute (SHARDSCOPE_CONSUMER_STALL_SECONDS=60 here)`,
    `  ${c.streams.clickstream}: Lambda ${c.names.lambda}, its mapping's last processing result "${DEMO_MAPPING_FAILURE}"`,
    `  ${c.streams.telemetry}: Firehose ${c.names.firehose} delivering to S3 bucket ${c.names.bucket}`,
    `  (the app is told SHARDSCOPE_KCL_LEASE_TABLES=${demoLeaseTablesSetting(c)}: orders and clickstream have the same shards)`,
  ];
}
