// Creates a scratch stream and reads a whole stream back, for tests and benchmarks that must
// count exactly what landed (nothing lost, nothing written twice).
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  type KinesisClient,
  type _Record,
} from "@aws-sdk/client-kinesis";
import { listAllShards, waitUntilActive } from "./demo-streams";

export async function createStream(client: KinesisClient, name: string, shardCount: number): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
  await waitUntilActive(client, name);
}

/** Deletes a stream and waits until it is gone, so that no later list shows it. */
export async function deleteStream(client: KinesisClient, name: string, timeoutMs = 30_000): Promise<void> {
  await client.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true }));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    } catch (e) {
      if (e instanceof ResourceNotFoundException) return;
      throw e;
    }
    if (Date.now() > deadline) throw new Error(`stream ${name} still exists ${timeoutMs} ms after DeleteStream`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface StoredRecord extends _Record {
  ShardId: string;
}

/** Every record of one shard, from TRIM_HORIZON to its tip (or the end of a closed shard). */
export async function readWholeShard(client: KinesisClient, stream: string, shardId: string): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  let { ShardIterator: iterator } = await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }));
  while (iterator) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
    for (const r of page.Records ?? []) records.push({ ...r, ShardId: shardId });
    if ((page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0) break;
    iterator = page.NextShardIterator;
  }
  return records;
}

export async function readWholeStream(client: KinesisClient, stream: string): Promise<StoredRecord[]> {
  const shards = await listAllShards(client, stream);
  const perShard = await Promise.all(shards.map((s) => readWholeShard(client, stream, s.ShardId ?? "")));
  return perShard.flat();
}
