import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ShardView } from "@/lib/streams/types";
import { lineageOrder, planSearch } from "./search-plan";

const MAX = 2n ** 128n - 1n;
const HALF = 2n ** 127n;
const QUARTER = 2n ** 126n;
const id = (n: number) => `shardId-00000000000${n}`;

function shard(n: number, start: bigint, end: bigint, open: boolean, parent?: number, adjacent?: number): ShardView {
  return {
    shardId: id(n),
    ...(parent !== undefined ? { parentShardId: id(parent) } : {}),
    ...(adjacent !== undefined ? { adjacentParentShardId: id(adjacent) } : {}),
    hashKeyRange: { start: start.toString(), end: end.toString() },
    sequenceNumberRange: { start: "1", ...(open ? {} : { end: "2" }) },
    open,
  };
}

// 0 was split at 2^127 into 1 (low half) and 2 (high half); 1 was split at 2^126 into 3 and 4,
// which were merged again into 5. Open now: 2 and 5.
const LINEAGE: ShardView[] = [
  shard(5, 0n, HALF - 1n, true, 3, 4),
  shard(2, HALF, MAX, true, 0),
  shard(4, QUARTER, HALF - 1n, false, 1),
  shard(0, 0n, MAX, false),
  shard(3, 0n, QUARTER - 1n, false, 1),
  shard(1, 0n, HALF - 1n, false, 0),
];

/** Kinesis's routing, computed here with Node's own MD5: the digest as an unsigned 128-bit big-endian integer. */
const md5 = (key: string) => BigInt(`0x${createHash("md5").update(key, "utf8").digest("hex")}`);

describe("planSearch by partition key, over the lineage", () => {
  it("maps a key by the MD5 Kinesis uses (real digests, known values)", () => {
    expect(md5("customer-0042")).toBe(268140479768114225506613113071964038280n); // high half
    expect(md5("customer-0007")).toBe(41768421443874242843297829936665831565n); // lowest quarter
    const plan = planSearch({ shards: LINEAGE, chosen: [], key: "customer-0042" });
    expect(plan.keyed).toEqual({ key: "customer-0042", hashKey: md5("customer-0042").toString(), openShardId: id(2) });
  });

  it("reads the open shard that takes the key and only its ancestors, parents first", () => {
    expect(planSearch({ shards: LINEAGE, chosen: [], key: "customer-0042" }).shards.map((s) => s.shardId)).toEqual([id(0), id(2)]);
    // Across a split and a merge: 0 → 1 → 3 → 5, never 2 (other half) nor 4 (other quarter).
    const low = planSearch({ shards: LINEAGE, chosen: [], key: "customer-0007" });
    expect(low.shards.map((s) => s.shardId)).toEqual([id(0), id(1), id(3), id(5)]);
    expect(low.keyed?.openShardId).toBe(id(5));
  });

  it("agrees with a brute-force check of every shard's range for many keys", () => {
    for (let i = 0; i < 500; i++) {
      const key = `customer-${String(i).padStart(4, "0")}`;
      const h = md5(key);
      const expected = LINEAGE.filter((s) => BigInt(s.hashKeyRange.start) <= h && h <= BigInt(s.hashKeyRange.end))
        .map((s) => s.shardId)
        .sort();
      const planned = planSearch({ shards: LINEAGE, chosen: [], key }).shards.map((s) => s.shardId);
      expect([...planned].sort()).toEqual(expected);
      // Exactly one open shard takes any key, and every shard read is it or one of its ancestors.
      expect(planned.filter((s) => s === id(2) || s === id(5))).toHaveLength(1);
    }
  });

  it("does not narrow a prefix search: any shard may hold keys with a prefix", () => {
    expect(planSearch({ shards: LINEAGE, chosen: [], key: "customer-00", keyMode: "prefix" }).shards).toHaveLength(6);
    expect(planSearch({ shards: LINEAGE, chosen: [], key: "customer-00", keyMode: "prefix" }).keyed).toBeUndefined();
  });
});

describe("planSearch by shard", () => {
  it("reads every shard parents first when none is chosen", () => {
    expect(planSearch({ shards: LINEAGE, chosen: [] }).shards.map((s) => s.shardId)).toEqual([id(0), id(1), id(2), id(3), id(4), id(5)]);
  });

  it("reads chosen shards with their descendants, and a key narrows them further", () => {
    expect(planSearch({ shards: LINEAGE, chosen: [id(1)] }).shards.map((s) => s.shardId)).toEqual([id(1), id(3), id(4), id(5)]);
    expect(planSearch({ shards: LINEAGE, chosen: [id(1)], key: "customer-0007" }).shards.map((s) => s.shardId)).toEqual([id(1), id(3), id(5)]);
    expect(planSearch({ shards: LINEAGE, chosen: [id(4)], key: "customer-0042" }).shards).toEqual([]);
  });

  it("orders a merge after both of its parents", () => {
    const order = lineageOrder([shard(9, 0n, MAX, true, 8, 7), shard(8, HALF, MAX, false), shard(7, 0n, HALF - 1n, false)]).map((s) => s.shardId);
    expect(order).toEqual([id(7), id(8), id(9)]);
  });
});
