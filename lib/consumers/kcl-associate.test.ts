import { describe, expect, it } from "vitest";
import { associateLeaseTable, type CandidateStream } from "./kcl-associate";
import type { KclLease } from "./kcl-leases";

const MAX = "340282366920938463463374607431768211455";
const HALF = "170141183460469231731687303715884105727";

const lease = (shardId: string, extra: Partial<KclLease> = {}): KclLease => ({
  leaseKey: shardId,
  shardId,
  leaseCounter: 1,
  checkpoint: "TRIM_HORIZON",
  hasPendingCheckpointState: false,
  parentShardIds: [],
  childShardIds: [],
  ...extra,
});

const shard = (shardId: string, start: string, end: string, seqStart: string, seqEnd?: string) => ({
  shardId,
  hashKeyRange: { start, end },
  sequenceNumberRange: { start: seqStart, ...(seqEnd ? { end: seqEnd } : {}) },
});

const oneShard = (name: string, seqStart = "100"): CandidateStream => ({ name, shards: [shard("shardId-000000000000", "0", MAX, seqStart)] });
const twoShards = (name: string, seqStart = "100"): CandidateStream => ({
  name,
  shards: [shard("shardId-000000000000", "0", HALF, seqStart), shard("shardId-000000000001", String(BigInt(HALF) + 1n), MAX, seqStart)],
});

describe("associateLeaseTable", () => {
  it("matches by hash key ranges when shard ids alone fit several streams", () => {
    const leases = [lease("shardId-000000000000", { hashKeyRange: { start: "0", end: MAX } })];
    expect(associateLeaseTable(leases, [twoShards("a"), oneShard("b")])).toEqual({ kind: "matched", stream: "b", matchedLeases: 1 });
  });

  it("rules out a stream whose shard began after the checkpoint", () => {
    const leases = [lease("shardId-000000000000", { checkpoint: "150" })];
    expect(associateLeaseTable(leases, [oneShard("old", "100"), oneShard("new", "200")])).toEqual({ kind: "matched", stream: "old", matchedLeases: 1 });
  });

  it("rules out a closed shard whose range ends before the checkpoint", () => {
    const leases = [lease("shardId-000000000000", { checkpoint: "500" })];
    const closed: CandidateStream = { name: "closed", shards: [shard("shardId-000000000000", "0", MAX, "100", "400")] };
    expect(associateLeaseTable(leases, [closed, oneShard("open")])).toMatchObject({ kind: "matched", stream: "open" });
  });

  it("prefers the stream whose shard set is exactly the table's", () => {
    const leases = [lease("shardId-000000000000")];
    expect(associateLeaseTable(leases, [twoShards("a"), oneShard("b")])).toMatchObject({ kind: "matched", stream: "b" });
  });

  it("of streams whose shards all began before the checkpoint, prefers the nearest start", () => {
    const leases = [lease("shardId-000000000000", { checkpoint: "300" })];
    expect(associateLeaseTable(leases, [oneShard("older", "100"), oneShard("newer", "250")])).toMatchObject({ kind: "matched", stream: "newer" });
  });

  it("says ambiguous when several streams fit equally well", () => {
    const leases = [lease("shardId-000000000000", { checkpoint: "300" })];
    expect(associateLeaseTable(leases, [oneShard("x"), oneShard("y")])).toEqual({ kind: "ambiguous", streams: ["x", "y"], matchedLeases: 1 });
    const notStarted = [lease("shardId-000000000000")];
    expect(associateLeaseTable(notStarted, [oneShard("x", "1"), oneShard("y", "2")])).toMatchObject({ kind: "ambiguous", streams: ["x", "y"] });
  });

  it("finds none when no stream has the shards; a pin wins over everything", () => {
    const leases = [lease("shardId-000000000009")];
    expect(associateLeaseTable(leases, [oneShard("x")])).toEqual({ kind: "none" });
    expect(associateLeaseTable(leases, [oneShard("x")], "pinned-stream")).toEqual({ kind: "pinned", stream: "pinned-stream" });
  });
});
