// KCL lease tables read as they are written: scanned DynamoDB items → leases, workers and the leader.
//
// Where every attribute comes from (awslabs/amazon-kinesis-client, read at the tags named):
// - Lease items, all versions: `leaseKey` (S, the table's only key), `leaseOwner` (S, absent when
//   unowned), `leaseCounter` (N) — v1.15.3 src/main/java/com/amazonaws/services/kinesis/leases/
//   impl/LeaseSerializer.java; v3.5.1 amazon-kinesis-client/src/main/java/software/amazon/kinesis/
//   leases/dynamodb/DynamoDBLeaseSerializer.java.
// - `checkpoint` (S: a sequence number or a sentinel), `checkpointSubSequenceNumber` (N),
//   `pendingCheckpoint` (S) + `pendingCheckpointSubSequenceNumber` (N), `ownerSwitchesSinceCheckpoint`
//   (N), `parentShardId` (SS, several after a merge), `childShardIds` (SS), `startingHashKey` /
//   `endingHashKey` (S, decimal BigInteger: HashKeyRangeForLease.serialized*HashKey) — v1.15.3
//   KinesisClientLeaseSerializer.java; v2.6.0 and v3.5.1 DynamoDBLeaseSerializer.java.
// - `pendingCheckpointState` (B) — v2.x DynamoDBLeaseSerializer.java (2.3+); `throughputKBps` (N, a
//   double), `checkpointOwner` (S, a graceful hand-off in progress) — v3.0.0+ DynamoDBLeaseSerializer.java.
// - `entityType` (S: LEASE, STREAM, LEADER, CLIENT_VERSION_MIGRATION, TABLE_MIGRATION,
//   WORKER_METRIC_STATS) — v3.5.x leases/EntityType.java: KCL 3.5 may keep its coordinator state and
//   worker metrics in the lease table itself; an item without `entityType` is a lease.
// - Multi-stream (2.3+): `leaseKey` = `<streamIdentifier>:<shardId>` (MultiStreamLease.getLeaseKey),
//   with `streamName` (S, holding the serialized stream identifier, "for legacy reasons") and `shardId`
//   (S) — DynamoDBMultiStreamLeaseSerializer.java; the identifier is `account:streamName:creationEpoch`
//   (common/StreamIdentifier.java, STREAM_IDENTIFIER_PATTERN `[0-9]+:[^:]+:[0-9]+`).
// - Sentinels TRIM_HORIZON, LATEST, SHARD_END, AT_TIMESTAMP — v3.0.0 checkpoint/SentinelCheckpoint.java
//   and retrieval/kpl/ExtendedSequenceNumber.java; v1.15.3 clientlibrary/lib/checkpoint/SentinelCheckpoint.java.
// - KCL 3.0–3.4 `<app>-WorkerMetricStats` table (DdbTableConfig(applicationName, "WorkerMetricStats")):
//   `wid` (S, key: the worker id = leaseOwner), `lut` (N, epoch seconds), `sts` (M of L of N: the last
//   values of each metric, e.g. CPU), `opr` (M of L of N: operating range, first = max) —
//   v3.0.0 worker/metricstats/WorkerMetricStats.java; the average is its EMA (alpha 0.2, -1 skipped).
//   In 3.5 the same item lives in the lease table with `leaseKey` = worker id and
//   `entityType` = WORKER_METRIC_STATS (LeaseTableWorkerMetricStats).
// - KCL 3.x `<app>-CoordinatorState` table: `key` (S) — CoordinatorState.java; the leader is the
//   item `key` = "Leader" (LEADER_HASH_KEY) held through amazon-dynamodb-lock-client, whose owner
//   is `ownerName` (S) (AmazonDynamoDBLockClient.java; `isReleased` when let go). In 3.5 it can
//   be an `entityType` = LEADER item in the lease table.
import type { CheckpointSentinel } from "./types";

/** A DynamoDB AttributeValue as the low-level Scan returns it (the SDK's union, structurally). */
export interface AttrValue {
  S?: string;
  N?: string;
  B?: Uint8Array;
  SS?: string[];
  NS?: string[];
  BS?: Uint8Array[];
  M?: Record<string, AttrValue>;
  L?: AttrValue[];
  NULL?: boolean;
  BOOL?: boolean;
}
export type DdbItem = Record<string, AttrValue>;

export const SENTINELS: readonly CheckpointSentinel[] = ["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP", "SHARD_END"];

export function isSentinel(checkpoint: string | null | undefined): checkpoint is CheckpointSentinel {
  return checkpoint !== null && checkpoint !== undefined && (SENTINELS as readonly string[]).includes(checkpoint);
}

/** A Kinesis sequence number: decimal digits only (anything else in `checkpoint` is a sentinel or garbage). */
export function isSequenceNumber(checkpoint: string | null | undefined): checkpoint is string {
  return typeof checkpoint === "string" && /^\d{1,128}$/.test(checkpoint);
}

/** A multi-stream lease's stream: KCL's serialized StreamIdentifier `account:streamName:creationEpoch`. */
export interface KclStreamIdentifier {
  account: string;
  streamName: string;
  creationEpoch: number;
}

export function parseStreamIdentifier(s: string): KclStreamIdentifier | undefined {
  const m = /^([0-9]+):([^:]+):([0-9]+)$/.exec(s);
  if (!m) return undefined;
  return { account: m[1] ?? "", streamName: m[2] ?? "", creationEpoch: Number(m[3]) };
}

export interface KclLease {
  leaseKey: string;
  shardId: string;
  /** Multi-stream leases only. */
  stream?: KclStreamIdentifier;
  owner?: string;
  leaseCounter: number;
  /** A sequence number, a sentinel, or null when the lease has none. */
  checkpoint: string | null;
  checkpointSubSequenceNumber?: number;
  pendingCheckpoint?: string;
  pendingCheckpointSubSequenceNumber?: number;
  hasPendingCheckpointState: boolean;
  ownerSwitchesSinceCheckpoint?: number;
  parentShardIds: string[];
  childShardIds: string[];
  hashKeyRange?: { start: string; end: string };
  throughputKBps?: number;
  /** KCL 3.x: the worker handing the lease over (graceful hand-off). */
  checkpointOwner?: string;
}

export interface KclWorkerStats {
  workerId: string;
  /** Epoch ms of the worker's last report. */
  lastUpdateMs?: number;
  /** Each metric's average as KCL computes it (EMA, alpha 0.2): e.g. { CPU: 63.2 }. */
  utilisation: Record<string, number>;
  /** Each metric's maximum from the operating range, when reported. */
  operatingMax: Record<string, number>;
}

export type KclTableShape = "single-stream" | "multi-stream";

export interface ParsedLeaseTable {
  shape: KclTableShape;
  /** What the attributes say about the KCL that wrote them. */
  version: "1.x/2.x" | "2.x+" | "3.x";
  leases: KclLease[];
  workers: KclWorkerStats[];
  leader?: string;
  /** Items that are neither leases nor known KCL entities, or leases missing their key. */
  skipped: number;
}

const str = (v: AttrValue | undefined): string | undefined => (typeof v?.S === "string" ? v.S : undefined);
function num(v: AttrValue | undefined): number | undefined {
  if (typeof v?.N !== "string") return undefined;
  const n = Number(v.N);
  return Number.isFinite(n) ? n : undefined;
}
/** KCL writes parentShardId/childShardIds as string sets; accept a single string or a list too. */
function strings(v: AttrValue | undefined): string[] {
  if (!v) return [];
  if (Array.isArray(v.SS)) return [...v.SS];
  if (typeof v.S === "string") return [v.S];
  if (Array.isArray(v.L)) return v.L.map(str).filter((s): s is string => s !== undefined);
  return [];
}

/** KCL's ExponentialMovingAverage over a worker's last values (alpha 0.2), skipping -1 (a failed read). */
export function kclAverage(values: number[], alpha = 0.2): number {
  let avg: number | undefined;
  for (const v of values) {
    if (v === -1) continue;
    avg = avg === undefined ? v : alpha * v + (1 - alpha) * avg;
  }
  return avg ?? 0;
}

function parseLease(item: DdbItem): KclLease | undefined {
  const leaseKey = str(item.leaseKey);
  if (!leaseKey) return undefined;
  const streamAttr = str(item.streamName);
  const shardAttr = str(item.shardId);
  const stream = streamAttr ? parseStreamIdentifier(streamAttr) : undefined;
  const start = str(item.startingHashKey);
  const end = str(item.endingHashKey);
  const checkpoint = str(item.checkpoint) ?? null;
  const pending = str(item.pendingCheckpoint);
  return {
    leaseKey,
    // Single-stream: the lease key is the shard id. Multi-stream: the `shardId` attribute, else the key's last part.
    shardId: stream ? (shardAttr ?? leaseKey.slice(leaseKey.lastIndexOf(":") + 1)) : leaseKey,
    ...(stream ? { stream } : {}),
    ...(str(item.leaseOwner) ? { owner: str(item.leaseOwner) } : {}),
    leaseCounter: num(item.leaseCounter) ?? 0,
    checkpoint,
    ...(num(item.checkpointSubSequenceNumber) !== undefined ? { checkpointSubSequenceNumber: num(item.checkpointSubSequenceNumber) } : {}),
    ...(pending ? { pendingCheckpoint: pending } : {}),
    ...(pending && num(item.pendingCheckpointSubSequenceNumber) !== undefined
      ? { pendingCheckpointSubSequenceNumber: num(item.pendingCheckpointSubSequenceNumber) }
      : {}),
    hasPendingCheckpointState: item.pendingCheckpointState !== undefined,
    ...(num(item.ownerSwitchesSinceCheckpoint) !== undefined ? { ownerSwitchesSinceCheckpoint: num(item.ownerSwitchesSinceCheckpoint) } : {}),
    parentShardIds: strings(item.parentShardId),
    childShardIds: strings(item.childShardIds),
    ...(start && end ? { hashKeyRange: { start, end } } : {}),
    ...(num(item.throughputKBps) !== undefined ? { throughputKBps: num(item.throughputKBps) } : {}),
    ...(str(item.checkpointOwner) ? { checkpointOwner: str(item.checkpointOwner) } : {}),
  };
}

/** A WorkerMetricStats item: `wid` in the 3.0–3.4 table, `leaseKey` in the 3.5 lease table. */
export function parseWorkerStats(item: DdbItem): KclWorkerStats | undefined {
  const workerId = str(item.wid) ?? str(item.leaseKey);
  if (!workerId) return undefined;
  const utilisation: Record<string, number> = {};
  for (const [name, v] of Object.entries(item.sts?.M ?? {})) {
    const values = (v.L ?? []).map(num).filter((n): n is number => n !== undefined);
    if (values.length > 0) utilisation[name] = Math.round(kclAverage(values) * 10) / 10;
  }
  const operatingMax: Record<string, number> = {};
  for (const [name, v] of Object.entries(item.opr?.M ?? {})) {
    const first = num(v.L?.[0]);
    if (first !== undefined) operatingMax[name] = first;
  }
  const lut = num(item.lut);
  return { workerId, ...(lut !== undefined ? { lastUpdateMs: lut * 1000 } : {}), utilisation, operatingMax };
}

/** The leader's worker id from a CoordinatorState (or 3.5 lease-table) lock item, unless released. */
function leaderOf(item: DdbItem): string | undefined {
  if (item.isReleased !== undefined) return undefined;
  return str(item.ownerName);
}

export interface CompanionItems {
  /** Items of `<app>-WorkerMetricStats` (KCL 3.0–3.4). */
  workerMetrics?: DdbItem[];
  /** Items of `<app>-CoordinatorState` (KCL 3.x). */
  coordinatorState?: DdbItem[];
}

export function parseLeaseTable(items: DdbItem[], companions: CompanionItems = {}): ParsedLeaseTable {
  const leases: KclLease[] = [];
  const workers = new Map<string, KclWorkerStats>();
  let leader: string | undefined;
  let skipped = 0;
  let threeX = companions.workerMetrics !== undefined || companions.coordinatorState !== undefined;
  let twoPlus = false;
  for (const item of items) {
    const entityType = str(item.entityType);
    if (entityType !== undefined) threeX = true;
    if (entityType === undefined || entityType === "LEASE") {
      const lease = parseLease(item);
      if (!lease) {
        skipped++;
        continue;
      }
      if (lease.throughputKBps !== undefined || lease.checkpointOwner !== undefined) threeX = true;
      if (lease.stream || lease.childShardIds.length > 0 || lease.hasPendingCheckpointState) twoPlus = true;
      leases.push(lease);
    } else if (entityType === "WORKER_METRIC_STATS") {
      const w = parseWorkerStats(item);
      if (w) workers.set(w.workerId, w);
      else skipped++;
    } else if (entityType === "LEADER") {
      leader = leaderOf(item) ?? leader;
    }
    // STREAM, CLIENT_VERSION_MIGRATION, TABLE_MIGRATION: KCL's own bookkeeping, nothing to show.
  }
  for (const item of companions.workerMetrics ?? []) {
    const w = parseWorkerStats(item);
    if (w && !workers.has(w.workerId)) workers.set(w.workerId, w);
  }
  for (const item of companions.coordinatorState ?? []) {
    if (str(item.key) === "Leader") leader = leaderOf(item) ?? leader;
  }
  return {
    shape: leases.some((l) => l.stream) ? "multi-stream" : "single-stream",
    version: threeX ? "3.x" : twoPlus ? "2.x+" : "1.x/2.x",
    leases,
    workers: [...workers.values()].sort((a, b) => a.workerId.localeCompare(b.workerId)),
    ...(leader ? { leader } : {}),
    skipped,
  };
}

/**
 * The leases of one stream: a multi-stream table's leases of that stream name (and account, when
 * known: KCL 2.5+ reads streams of other accounts), or a single-stream table's all.
 */
export function leasesOfStream(table: ParsedLeaseTable, streamName: string, account?: string): KclLease[] {
  if (table.shape === "single-stream") return table.leases;
  return table.leases.filter((l) => l.stream?.streamName === streamName && (account === undefined || l.stream.account === account));
}

/** The account of a stream ARN (`arn:aws:kinesis:region:account:stream/name`). */
export function accountOfArn(arn: string | undefined): string | undefined {
  return arn?.split(":")[4] || undefined;
}

/** The stream names a multi-stream table serves. */
export function streamsOfTable(table: ParsedLeaseTable): string[] {
  return [...new Set(table.leases.map((l) => l.stream?.streamName).filter((s): s is string => s !== undefined))].sort();
}
