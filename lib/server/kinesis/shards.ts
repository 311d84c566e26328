import "server-only";
// Shards of a stream, open and closed, with their lineage (parent / adjacent parent).
import { ListShardsCommand, type KinesisClient, type Shard } from "@aws-sdk/client-kinesis";
import type { ShardView } from "@/lib/streams/types";
import { kinesisClient } from "@/lib/server/aws/clients";
import type { Scope } from "@/lib/server/targets/scope";

export function toShardView(s: Shard): ShardView {
  return {
    shardId: s.ShardId ?? "",
    parentShardId: s.ParentShardId,
    adjacentParentShardId: s.AdjacentParentShardId,
    hashKeyRange: { start: s.HashKeyRange?.StartingHashKey ?? "0", end: s.HashKeyRange?.EndingHashKey ?? "0" },
    sequenceNumberRange: {
      start: s.SequenceNumberRange?.StartingSequenceNumber ?? "",
      end: s.SequenceNumberRange?.EndingSequenceNumber,
    },
    open: !s.SequenceNumberRange?.EndingSequenceNumber,
  };
}

export async function listAllShards(client: KinesisClient, streamName: string): Promise<ShardView[]> {
  const shards: ShardView[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    // ListShards refuses StreamName together with NextToken.
    const out = await client.send(new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: streamName, MaxResults: 1000 }));
    for (const s of out.Shards ?? []) shards.push(toShardView(s));
    if (!out.NextToken) break;
    nextToken = out.NextToken;
  }
  return shards.sort((a, b) => a.shardId.localeCompare(b.shardId));
}

export async function listShards(scope: Scope, streamName: string): Promise<ShardView[]> {
  try {
    return await listAllShards(kinesisClient(scope), streamName);
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
}
