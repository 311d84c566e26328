import { describe, expect, it } from "vitest";
import { applicationHealth, rememberLease, unbalanced, type HealthSettings, type LagMeasurement, type LeaseHealthInput } from "./consumer-health";
import type { KclLease } from "./kcl-leases";

const NOW = 1_764_570_000_000;
const DAY = 86_400_000;
const S: HealthSettings = { lagWarnMs: 60_000, lagCritMs: 300_000, stallMs: 300_000, expiryMarginMs: 2 * 3_600_000, leaseExpiryMs: 60_000 };

const lease = (shardId: string, extra: Partial<KclLease> = {}): KclLease => ({
  leaseKey: shardId,
  shardId,
  owner: "w1",
  leaseCounter: 5,
  checkpoint: "1000",
  hasPendingCheckpointState: false,
  parentShardIds: [],
  childShardIds: [],
  ...extra,
});

function input(
  l: KclLease,
  measurement: LagMeasurement = { kind: "measured", millisBehindLatest: 0 },
  since: { checkpoint?: number; counter?: number } = {},
): LeaseHealthInput {
  return {
    lease: l,
    shard: { shardId: l.shardId, open: true, sequenceStart: "1" },
    measurement,
    memory: {
      checkpoint: l.checkpoint,
      checkpointSinceMs: NOW - (since.checkpoint ?? 0),
      leaseCounter: l.leaseCounter,
      counterSinceMs: NOW - (since.counter ?? 0),
    },
  };
}

const next = (ageMs: number): LagMeasurement => ({ kind: "measured", millisBehindLatest: 0, next: { sequenceNumber: "1001", arrivalMs: NOW - ageMs } });
const run = (leases: LeaseHealthInput[], workerStats: Parameters<typeof applicationHealth>[0]["workerStats"] = []) =>
  applicationHealth({ leases, workerStats, retentionMs: DAY }, S, NOW);

describe("applicationHealth", () => {
  it("is ok and caught up when no record follows the checkpoint", () => {
    const h = run([input(lease("shardId-000000000000"))]);
    expect(h.health).toBe("ok");
    expect(h.reasons).toEqual([]);
    expect(h.lag).toEqual({ maxMillis: 0, shardId: "shardId-000000000000" });
    expect(h.shards[0]?.state).toBe("caught up");
  });

  it("measures lag as the next record's age (MillisBehindLatest 0 from kinesis-local) and grades it", () => {
    const h = run([input(lease("shardId-000000000000"), next(90_000)), input(lease("shardId-000000000001"), next(400_000))]);
    expect(h.lag).toEqual({ maxMillis: 400_000, shardId: "shardId-000000000001" });
    expect(h.shards[0]?.health).toBe("warning");
    expect(h.shards[0]?.reasons).toEqual(["behind by 2 min (warning from 60 s)"]);
    expect(h.shards[1]?.health).toBe("critical");
    expect(h.health).toBe("critical");
    expect(h.reasons).toContain("shardId-000000000001: behind by 7 min (critical from 5 min)");
  });

  it("is stalled when the checkpoint stood still for stallMs although a record follows it, not when none does", () => {
    const stalled = run([input(lease("shardId-000000000000"), next(1_000), { checkpoint: 301_000 })]);
    expect(stalled.shards[0]?.reasons).toEqual(["stalled: checkpoint unchanged for 5 min although records follow it"]);
    const idle = run([input(lease("shardId-000000000000"), { kind: "measured", millisBehindLatest: 0 }, { checkpoint: 10 * 60_000 })]);
    expect(idle.health).toBe("ok");
  });

  it("warns of records about to expire within the margin of retention", () => {
    const h = run([input(lease("shardId-000000000000"), next(DAY - 3_600_000))]);
    expect(h.shards[0]?.reasons).toContain("records about to expire: the next unprocessed record is 23 h old and the stream keeps records 24 h");
  });

  it("says records are already lost: a refused checkpoint, one before the shard's start, a shard gone", () => {
    const refused = run([input(lease("shardId-000000000000"), { kind: "lost", message: "Kinesis refused the position" })]);
    expect(refused.shards[0]?.reasons[0]).toMatch(/^records already lost: the checkpoint is older than the trim horizon/);
    expect(refused.shards[0]?.state).toBe("records lost");
    const before = input(lease("shardId-000000000000", { checkpoint: "5" }));
    before.shard = { shardId: "shardId-000000000000", open: true, sequenceStart: "900" };
    expect(run([before]).shards[0]?.reasons[0]).toMatch(/before the shard's first sequence number/);
    const gone = input(lease("shardId-000000000000"));
    delete gone.shard;
    expect(run([gone]).shards[0]?.reasons[0]).toMatch(/aged out of the stream/);
  });

  it("flags unowned leases and expired owners, but not finished shards", () => {
    const h = run([
      input(lease("shardId-000000000000", { owner: undefined })),
      input(lease("shardId-000000000001"), undefined, { counter: 120_000 }),
      input(lease("shardId-000000000002", { owner: undefined, checkpoint: "SHARD_END" })),
    ]);
    expect(h.shards.map((s) => [s.state, s.health, s.reasons])).toEqual([
      ["unowned", "warning", ["unowned lease: no worker processes this shard"]],
      ["caught up", "warning", ["expired owner: w1 has not renewed its lease for 2 min (lease counter unchanged)"]],
      ["finished (SHARD_END)", "ok", []],
    ]);
  });

  it("a child waiting on a progressing parent is only waiting; on a stalled parent it is blocked", () => {
    const child = input(lease("shardId-000000000001", { checkpoint: "TRIM_HORIZON", owner: undefined, parentShardIds: ["shardId-000000000000"] }));
    const fine = run([input(lease("shardId-000000000000"), next(1_000)), child]);
    expect(fine.shards[1]?.state).toBe("waiting for parent");
    expect(fine.shards[1]?.health).toBe("ok");
    const blocked = run([input(lease("shardId-000000000000"), next(1_000), { checkpoint: 400_000 }), child]);
    expect(blocked.shards[1]?.health).toBe("critical");
    expect(blocked.shards[1]?.reasons).toEqual(["blocked after reshard: waiting for parent shardId-000000000000, which has not reached SHARD_END (stalled)"]);
    const done = run([input(lease("shardId-000000000000", { checkpoint: "SHARD_END" })), child]);
    expect(done.shards[1]?.state).not.toBe("waiting for parent");
  });

  it("reports unmeasured lag as unknown, with the reason", () => {
    const h = run([input(lease("shardId-000000000000"), { kind: "failed", message: "throttled" })]);
    expect(h.health).toBe("unknown");
    expect(h.lag).toBeNull();
    expect(h.reasons).toEqual(["shardId-000000000000: lag not measured: throttled"]);
  });

  it("lists workers with their leases, utilisation and the leader", () => {
    const h = applicationHealth(
      {
        leases: [input(lease("a", { owner: "w1" })), input(lease("b", { owner: "w2" }))],
        workerStats: [
          { workerId: "w2", lastUpdateMs: NOW, utilisation: { CPU: 40 }, operatingMax: {} },
          { workerId: "w3", utilisation: {}, operatingMax: {} },
        ],
        leader: "w2",
        retentionMs: DAY,
      },
      S,
      NOW,
    );
    expect(h.workers).toEqual([
      { id: "w1", leases: 1 },
      { id: "w2", leases: 1, utilisation: { CPU: 40 }, leader: true, lastUpdate: new Date(NOW).toISOString() },
      { id: "w3", leases: 0 },
    ]);
  });
});

describe("unbalanced", () => {
  it("by lease counts more than one apart (KCL 1.x/2.x)", () => {
    expect(
      unbalanced(
        [
          { id: "a", leases: 3 },
          { id: "b", leases: 2 },
        ],
        false,
      ),
    ).toBeUndefined();
    expect(
      unbalanced(
        [
          { id: "a", leases: 4 },
          { id: "b", leases: 1 },
        ],
        false,
      ),
    ).toBe("unbalanced workers: a holds 4 leases and b holds 1");
  });

  it("by utilisation beyond KCL 3.x's rebalance threshold, whatever the lease counts", () => {
    expect(
      unbalanced(
        [
          { id: "a", leases: 4, utilisation: { CPU: 50 } },
          { id: "b", leases: 1, utilisation: { CPU: 45 } },
        ],
        true,
      ),
    ).toBeUndefined();
    expect(
      unbalanced(
        [
          { id: "a", leases: 1, utilisation: { CPU: 90 } },
          { id: "b", leases: 1, utilisation: { CPU: 20 } },
        ],
        true,
      ),
    ).toBe("unbalanced workers: CPU 90% on a and 20% on b (fleet average 55%)");
  });
});

describe("rememberLease", () => {
  it("keeps the time a checkpoint and a counter were first seen while they stay the same", () => {
    const l = lease("a");
    const m1 = rememberLease(undefined, l, 1000);
    const m2 = rememberLease(m1, { ...l, leaseCounter: 6 }, 2000);
    expect(m2).toEqual({ checkpoint: "1000", checkpointSinceMs: 1000, leaseCounter: 6, counterSinceMs: 2000 });
    expect(rememberLease(m2, { ...l, checkpoint: "1001", leaseCounter: 6 }, 3000).checkpointSinceMs).toBe(3000);
  });
});
