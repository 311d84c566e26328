// A KCL lease table in moto's DynamoDB, written as the KCL's serializers write it, for tests and
// specs that play a KCL application (they checkpoint only records they really read).
import { CreateTableCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** A lease table as the KCL creates it: one HASH key `leaseKey` of type S. */
export async function createLeaseTable(ddb: DynamoDBClient, name: string, key = "leaseKey"): Promise<void> {
  await ddb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: key, KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: key, AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
}

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

/** DynamoDBLeaseSerializer.toDynamoRecord (and the 1.x KinesisClientLeaseSerializer, which writes the subset without hash ranges). */
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

export async function writeLeases(ddb: DynamoDBClient, table: string, leases: LeaseSpec[]): Promise<void> {
  for (const l of leases) await ddb.send(new PutItemCommand({ TableName: table, Item: leaseItem(l) }));
}
