import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ShardView } from "@/lib/streams/types";
import { partitionKeyHash, routingHashKey, shardForHashKey, shardPredictor } from "./predict-shard";

const shard = (id: string, start: bigint, end: bigint, open = true): ShardView => ({
  shardId: id,
  hashKeyRange: { start: start.toString(), end: end.toString() },
  sequenceNumberRange: { start: "1", ...(open ? {} : { end: "2" }) },
  open,
});

const MAX = 2n ** 128n - 1n;
const quarter = 2n ** 126n;
const shards = [
  shard("shardId-000000000000", 0n, MAX, false), // a closed parent covering everything
  shard("shardId-000000000001", 0n, quarter - 1n),
  shard("shardId-000000000002", quarter, 2n * quarter - 1n),
  shard("shardId-000000000003", 2n * quarter, MAX),
];

describe("partitionKeyHash", () => {
  it("is the MD5 of the UTF-8 key as an unsigned big-endian integer", () => {
    expect(partitionKeyHash("")).toBe(BigInt("0xd41d8cd98f00b204e9800998ecf8427e"));
    for (const key of ["a", "customer-0042", "héllo", "😀 emoji", "x".repeat(256)]) {
      expect(partitionKeyHash(key), key).toBe(BigInt(`0x${createHash("md5").update(key, "utf8").digest("hex")}`));
    }
  });
});

describe("routingHashKey", () => {
  it("uses the explicit hash key when there is one", () => {
    expect(routingHashKey("anything", "12345")).toBe(12345n);
    expect(routingHashKey("a", "")).toBe(partitionKeyHash("a"));
    expect(routingHashKey("a")).toBe(partitionKeyHash("a"));
  });
});

describe("shardForHashKey and shardPredictor", () => {
  it("pick the open shard whose range holds the key, edges included", () => {
    const predict = shardPredictor(shards);
    const cases: [bigint, string][] = [
      [0n, "shardId-000000000001"],
      [quarter - 1n, "shardId-000000000001"],
      [quarter, "shardId-000000000002"],
      [2n * quarter - 1n, "shardId-000000000002"],
      [2n * quarter, "shardId-000000000003"],
      [MAX, "shardId-000000000003"],
    ];
    for (const [k, id] of cases) {
      expect(shardForHashKey(k, shards)?.shardId, k.toString()).toBe(id);
      expect(predict("ignored", k.toString()), k.toString()).toBe(id);
    }
  });

  it("agree with each other for many partition keys", () => {
    const predict = shardPredictor(shards);
    for (let i = 0; i < 500; i++) {
      const key = `key-${i}`;
      expect(predict(key)).toBe(shardForHashKey(partitionKeyHash(key), shards)?.shardId);
    }
  });

  it("find no shard in a gap or on a stream without open shards", () => {
    const gappy = [shard("s1", 0n, 9n), shard("s2", 20n, MAX)];
    expect(shardPredictor(gappy)("x", "15")).toBeUndefined();
    expect(shardForHashKey(15n, gappy)).toBeUndefined();
    expect(shardPredictor([])("x")).toBeUndefined();
  });
});
