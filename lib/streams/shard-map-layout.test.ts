import { describe, expect, it } from "vitest";
import type { ShardView } from "@/lib/streams/types";
import { HASH_SPACE, hashKeyFraction, layoutShardMap } from "./shard-map-layout";

const MAX = (HASH_SPACE - 1n).toString();
const HALF = (HASH_SPACE / 2n).toString();
const HALF_MINUS_1 = (HASH_SPACE / 2n - 1n).toString();

function shard(id: string, start: string, end: string, open: boolean, parent?: string, adjacent?: string): ShardView {
  return {
    shardId: id,
    parentShardId: parent,
    adjacentParentShardId: adjacent,
    hashKeyRange: { start, end },
    sequenceNumberRange: { start: "1", end: open ? undefined : "2" },
    open,
  };
}

describe("hashKeyFraction", () => {
  it("maps the ends and the middle of the key space", () => {
    expect(hashKeyFraction("0")).toBe(0);
    expect(hashKeyFraction(HALF)).toBe(0.5);
    expect(hashKeyFraction(HASH_SPACE)).toBe(1);
  });
});

describe("layoutShardMap", () => {
  it("puts split children one generation below their parent, each on its half", () => {
    const layout = layoutShardMap([
      shard("shardId-000000000000", "0", MAX, false),
      shard("shardId-000000000001", "0", HALF_MINUS_1, true, "shardId-000000000000"),
      shard("shardId-000000000002", HALF, MAX, true, "shardId-000000000000"),
    ]);
    expect(layout.generations).toBe(2);
    const [parent, left, right] = layout.boxes;
    expect(parent).toMatchObject({ generation: 0, x0: 0, x1: 1, share: 1 });
    expect(left).toMatchObject({ generation: 1, x0: 0, x1: 0.5, share: 0.5 });
    expect(right).toMatchObject({ generation: 1, x0: 0.5, x1: 1, share: 0.5 });
    expect(layout.links).toEqual([
      { from: "shardId-000000000000", to: "shardId-000000000001" },
      { from: "shardId-000000000000", to: "shardId-000000000002" },
    ]);
    expect(layout.gaps).toEqual([]);
  });

  it("links a merged shard to both parents and places it below the deeper one", () => {
    const layout = layoutShardMap([shard("a", "0", HALF_MINUS_1, false), shard("b", HALF, MAX, false), shard("c", "0", MAX, true, "a", "b")]);
    expect(layout.boxes.find((b) => b.shard.shardId === "c")?.generation).toBe(1);
    expect(layout.links).toEqual([
      { from: "a", to: "c" },
      { from: "b", to: "c" },
    ]);
  });

  it("treats a shard whose parent was trimmed as a root, and reports holes in open coverage", () => {
    const layout = layoutShardMap([shard("child", HALF, MAX, true, "gone-parent")]);
    expect(layout.boxes[0]?.generation).toBe(0);
    expect(layout.links).toEqual([]);
    expect(layout.gaps).toEqual([{ start: 0n, end: HASH_SPACE / 2n - 1n }]);
  });

  it("survives a lineage cycle in bad data", () => {
    const layout = layoutShardMap([shard("x", "0", MAX, true, "y"), shard("y", "0", MAX, false, "x")]);
    expect(layout.boxes).toHaveLength(2);
    expect(Number.isFinite(layout.generations)).toBe(true);
  });
});
