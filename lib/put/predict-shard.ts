// Where Kinesis will put a record: the MD5 of its partition key (UTF-8) read as an unsigned
// 128-bit big-endian integer, or its explicit hash key, matched against the open shards' ranges.
import { md5 } from "js-md5";
import type { ShardView } from "@/lib/streams/types";

const utf8 = new TextEncoder();

export function partitionKeyHash(partitionKey: string): bigint {
  return BigInt(`0x${md5.hex(utf8.encode(partitionKey))}`);
}

/** The hash key Kinesis routes by: the explicit one when given (canonical decimal), else the key's MD5. */
export function routingHashKey(partitionKey: string, explicitHashKey?: string): bigint {
  return explicitHashKey !== undefined && explicitHashKey !== "" ? BigInt(explicitHashKey) : partitionKeyHash(partitionKey);
}

/** The open shard whose range holds the hash key; undefined if none does (a gap, or no shards yet). */
export function shardForHashKey(hashKey: bigint, shards: readonly ShardView[]): ShardView | undefined {
  return shards.find((s) => s.open && BigInt(s.hashKeyRange.start) <= hashKey && hashKey <= BigInt(s.hashKeyRange.end));
}

/** Ranges sorted once, for predicting many records (a file upload). */
export function shardPredictor(shards: readonly ShardView[]): (partitionKey: string, explicitHashKey?: string) => string | undefined {
  const open = shards
    .filter((s) => s.open)
    .map((s) => ({ id: s.shardId, start: BigInt(s.hashKeyRange.start), end: BigInt(s.hashKeyRange.end) }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return (partitionKey, explicitHashKey) => {
    const k = routingHashKey(partitionKey, explicitHashKey);
    let lo = 0;
    let hi = open.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = open[mid]!;
      if (k < r.start) hi = mid - 1;
      else if (k > r.end) lo = mid + 1;
      else return r.id;
    }
    return undefined;
  };
}
