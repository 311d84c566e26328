import { describe, expect, it } from "vitest";
import type { ShardTailStats } from "@/lib/tail/types";
import { hotKeysAcrossShards, livePoints } from "./live-metrics";

function stats(shardId: string, perSecond: [number, number, number][], hotKeys: [string, number, number][]): ShardTailStats {
  return {
    shardId,
    mode: "polling",
    state: "live",
    recordsPerSecond: 0,
    bytesPerSecond: 0,
    millisBehindLatest: 0,
    newestRecordAgeMs: null,
    callsPerSecond: 1,
    budgetPerSecond: 5,
    viewers: 1,
    hotKeys: hotKeys.map(([key, count, share]) => ({ key, count, share })),
    perSecond: perSecond.map(([t, records, bytes]) => ({ t, records, bytes })),
  };
}

describe("livePoints", () => {
  it("lines up shards by second and adds a total", () => {
    const points = livePoints([
      stats(
        "s0",
        [
          [100, 3, 300],
          [101, 1, 100],
        ],
        [],
      ),
      stats(
        "s1",
        [
          [100, 2, 50],
          [101, 0, 0],
        ],
        [],
      ),
    ]);
    expect(points).toEqual([
      { t: 100_000, s0: 3, s1: 2, total: 5 },
      { t: 101_000, s0: 1, s1: 0, total: 1 },
    ]);
    expect(livePoints([stats("s0", [[100, 3, 300]], [])], "bytes")).toEqual([{ t: 100_000, s0: 300, total: 300 }]);
  });
});

describe("hotKeysAcrossShards", () => {
  it("ranks keys by their share of every record seen, across shards", () => {
    const keys = hotKeysAcrossShards([
      // shard 0 saw 10 records: hot 6, a 4
      stats(
        "s0",
        [],
        [
          ["hot", 6, 0.6],
          ["a", 4, 0.4],
        ],
      ),
      // shard 1 saw 10 records: b 5, hot 2 (and others below its top list)
      stats(
        "s1",
        [],
        [
          ["b", 5, 0.5],
          ["hot", 2, 0.2],
        ],
      ),
    ]);
    expect(keys.map((k) => k.key)).toEqual(["hot", "b", "a"]);
    expect(keys[0]).toEqual({ key: "hot", count: 8, share: 0.4 });
    expect(keys[1]?.share).toBe(0.25);
  });
});
