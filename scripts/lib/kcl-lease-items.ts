// KCL lease tables written exactly as the KCL writes them, for harnesses that play the KCL (the
// demo's consumers, the tests, the benchmark). Attribute names and shapes follow the KCL's own
// serializers (see lib/consumers/kcl-leases.ts for where each comes from):
// DynamoDBLeaseSerializer.toDynamoRecord (and the 1.x KinesisClientLeaseSerializer, which writes
// the subset without hash ranges), WorkerMetricStats (KCL 3.0–3.4) and CoordinatorState's leader.
import { CreateTableCommand, PutItemCommand, ResourceInUseException, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface LeaseSpec {
  leaseKey: string;
  owner?: string;
  counter: number;
  checkpoint: string;
  subSeq?: number;
  ownerSwitches?: number;
  parents?: string[];
  children?: string[];
  hashRange?: { start: string; end: string };
  throughputKBps?: number;
  /** Multi-stream: the serialized StreamIdentifier and the shard id. */
  streamIdentifier?: string;
  shardId?: string;
  entityType?: boolean;
}

/** DynamoDBLeaseSerializer.toDynamoRecord. */
export function leaseItem(l: LeaseSpec): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    leaseKey: { S: l.leaseKey },
    leaseCounter: { N: String(l.counter) },
    ownerSwitchesSinceCheckpoint: { N: String(l.ownerSwitches ?? 0) },
    checkpoint: { S: l.checkpoint },
    checkpointSubSequenceNumber: { N: String(l.subSeq ?? 0) },
  };
  if (l.owner) item.leaseOwner = { S: l.owner };
  if (l.parents?.length) item.parentShardId = { SS: l.parents };
  if (l.children?.length) item.childShardIds = { SS: l.children };
  if (l.hashRange) {
    item.startingHashKey = { S: l.hashRange.start };
    item.endingHashKey = { S: l.hashRange.end };
  }
  if (l.throughputKBps !== undefined) item.throughputKBps = { N: String(l.throughputKBps) };
  if (l.streamIdentifier) {
    item.streamName = { S: l.streamIdentifier };
    item.shardId = { S: l.shardId! };
  }
  if (l.entityType) item.entityType = { S: "LEASE" };
  return item;
}

/** A lease table as the KCL creates it: one HASH key `leaseKey` of type S (companions: `wid`, `key`). Already there: fine. */
export async function createLeaseTable(ddb: DynamoDBClient, name: string, key = "leaseKey"): Promise<void> {
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: key, KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: key, AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
}

/** A `<app>-WorkerMetricStats` item (KCL 3.0–3.4): `wid`, `lut` epoch seconds, `sts` the last values per metric, `opr` the operating range. */
export function workerMetricsItem(workerId: string, values: Record<string, number[]>, updatedAtMs = Date.now()): Record<string, AttributeValue> {
  const list = (ns: number[]) => ({ L: ns.map((n) => ({ N: String(n) })) });
  return {
    wid: { S: workerId },
    lut: { N: String(Math.floor(updatedAtMs / 1000)) },
    sts: { M: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, list(v)])) },
    opr: { M: Object.fromEntries(Object.keys(values).map((k) => [k, list([100])])) },
  };
}

/** The `<app>-CoordinatorState` leader lock (amazon-dynamodb-lock-client under key "Leader"). */
export function leaderItem(owner: string, recordVersionNumber: string, leaseDurationMs = 20_000): Record<string, AttributeValue> {
  return { key: { S: "Leader" }, ownerName: { S: owner }, leaseDuration: { S: String(leaseDurationMs) }, recordVersionNumber: { S: recordVersionNumber } };
}

/** Writes leases as the KCL's lease coordinator would (one PutItem each). */
export async function writeLeases(ddb: DynamoDBClient, table: string, leases: LeaseSpec[]): Promise<void> {
  for (const l of leases) await ddb.send(new PutItemCommand({ TableName: table, Item: leaseItem(l) }));
}
