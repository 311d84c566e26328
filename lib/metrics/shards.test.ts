import { describe, expect, it } from "vitest";
import { busiestShardAt, percentOfLimit, rankShards, shardUsage } from "./shards";

const MiB = 1024 * 1024;

describe("shardUsage", () => {
  it("compares each rate with its shard limit and keeps the worst as the shard's heat", () => {
    const u = shardUsage("shardId-1", true, {
      IncomingBytes: [0.25 * MiB, 0.5 * MiB, null],
      IncomingRecords: [100, 800, 300],
      OutgoingBytes: [MiB, null, null],
    });
    expect(u.stats.IncomingBytes).toEqual({ peak: 0.5 * MiB, average: 0.375 * MiB, peakPercent: 50 });
    expect(u.stats.IncomingRecords?.peakPercent).toBe(80);
    expect(u.stats.OutgoingBytes?.peakPercent).toBe(50);
    expect(u.peakPercent).toBe(80);
    // Outgoing averaged 1 MiB/s of its 2 MiB/s: the highest average share.
    expect(u.averagePercent).toBe(50);
  });

  it("has no heat without data", () => {
    const u = shardUsage("shardId-2", true, { IncomingBytes: [null, null] });
    expect(u.peakPercent).toBeNull();
    expect(percentOfLimit("IncomingRecords", null)).toBeNull();
  });
});

describe("rankShards", () => {
  it("puts the hottest shard first and shards without data last", () => {
    const cold = shardUsage("shardId-000000000000", true, { IncomingBytes: [0.1 * MiB] });
    const hot = shardUsage("shardId-000000000001", true, { IncomingBytes: [0.9 * MiB] });
    const empty = shardUsage("shardId-000000000002", true, { IncomingBytes: [null] });
    const warm = shardUsage("shardId-000000000003", true, { IncomingRecords: [500] });
    expect(rankShards([empty, cold, warm, hot]).map((s) => s.shardId)).toEqual([
      "shardId-000000000001",
      "shardId-000000000003",
      "shardId-000000000000",
      "shardId-000000000002",
    ]);
  });

  it("breaks ties by average, then by id", () => {
    const a = shardUsage("b", true, { IncomingBytes: [MiB / 2, 0] });
    const b = shardUsage("a", true, { IncomingBytes: [MiB / 2, MiB / 4] });
    const c = shardUsage("c", true, { IncomingBytes: [MiB / 2, MiB / 4] });
    expect(rankShards([a, c, b]).map((s) => s.shardId)).toEqual(["a", "c", "b"]);
  });
});

describe("busiestShardAt", () => {
  it("names the shard with the most incoming bytes at that moment", () => {
    const shards = [
      shardUsage("s0", true, { IncomingBytes: [10, 500], IncomingRecords: [1, 1] }),
      shardUsage("s1", true, { IncomingBytes: [300, 20], IncomingRecords: [9, 9] }),
    ];
    expect(busiestShardAt(shards, 0)).toBe("s1");
    expect(busiestShardAt(shards, 1)).toBe("s0");
  });
  it("falls back to records, and to nothing when no shard had traffic", () => {
    expect(busiestShardAt([shardUsage("s0", true, { IncomingRecords: [0, 4] }), shardUsage("s1", true, { IncomingRecords: [0, 2] })], 1)).toBe("s0");
    expect(busiestShardAt([shardUsage("s0", true, { IncomingBytes: [0, null] })], 1)).toBeUndefined();
    expect(busiestShardAt([], 0)).toBeUndefined();
  });
});
