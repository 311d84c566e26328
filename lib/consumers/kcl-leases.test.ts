import { describe, expect, it } from "vitest";
import {
  accountOfArn,
  isSentinel,
  isSequenceNumber,
  kclAverage,
  leasesOfStream,
  parseLeaseTable,
  parseStreamIdentifier,
  streamsOfTable,
  type DdbItem,
} from "./kcl-leases";

const SEQ = "49680730276146831422167415614997426195786575804423471106";

describe("parseLeaseTable", () => {
  it("reads a KCL 1.x lease (leaseKey = shard id, parentShardId as a string set)", () => {
    const t = parseLeaseTable([
      {
        leaseKey: { S: "shardId-000000000001" },
        leaseOwner: { S: "worker-a" },
        leaseCounter: { N: "42" },
        checkpoint: { S: SEQ },
        checkpointSubSequenceNumber: { N: "3" },
        ownerSwitchesSinceCheckpoint: { N: "1" },
        parentShardId: { SS: ["shardId-000000000000"] },
      },
    ]);
    expect(t.shape).toBe("single-stream");
    expect(t.version).toBe("1.x/2.x");
    expect(t.leases).toEqual([
      {
        leaseKey: "shardId-000000000001",
        shardId: "shardId-000000000001",
        owner: "worker-a",
        leaseCounter: 42,
        checkpoint: SEQ,
        checkpointSubSequenceNumber: 3,
        hasPendingCheckpointState: false,
        ownerSwitchesSinceCheckpoint: 1,
        parentShardIds: ["shardId-000000000000"],
        childShardIds: [],
      },
    ]);
  });

  it("reads a KCL 2.x single-stream lease: pending checkpoint, children, hash key range; sentinels stay sentinels", () => {
    const t = parseLeaseTable([
      {
        leaseKey: { S: "shardId-000000000000" },
        leaseCounter: { N: "7" },
        checkpoint: { S: "SHARD_END" },
        checkpointSubSequenceNumber: { N: "0" },
        pendingCheckpoint: { S: SEQ },
        pendingCheckpointSubSequenceNumber: { N: "0" },
        pendingCheckpointState: { B: new Uint8Array([1]) },
        childShardIds: { SS: ["shardId-000000000001", "shardId-000000000002"] },
        startingHashKey: { S: "0" },
        endingHashKey: { S: "340282366920938463463374607431768211455" },
      },
    ]);
    const [l] = t.leases;
    expect(t.version).toBe("2.x+");
    expect(l?.owner).toBeUndefined();
    expect(l?.checkpoint).toBe("SHARD_END");
    expect(isSentinel(l?.checkpoint)).toBe(true);
    expect(l?.pendingCheckpoint).toBe(SEQ);
    expect(l?.hasPendingCheckpointState).toBe(true);
    expect(l?.childShardIds).toEqual(["shardId-000000000001", "shardId-000000000002"]);
    expect(l?.hashKeyRange).toEqual({ start: "0", end: "340282366920938463463374607431768211455" });
  });

  it("reads multi-stream leases (leaseKey account:stream:epoch:shard, streamName holds the identifier)", () => {
    const t = parseLeaseTable([
      {
        leaseKey: { S: "123456789012:orders:1700000000:shardId-000000000003" },
        streamName: { S: "123456789012:orders:1700000000" },
        shardId: { S: "shardId-000000000003" },
        leaseCounter: { N: "1" },
        checkpoint: { S: "TRIM_HORIZON" },
      },
      {
        leaseKey: { S: "123456789012:payments:1700000001:shardId-000000000000" },
        streamName: { S: "123456789012:payments:1700000001" },
        shardId: { S: "shardId-000000000000" },
        leaseCounter: { N: "1" },
        checkpoint: { S: "LATEST" },
      },
      {
        leaseKey: { S: "999999999999:orders:1700000002:shardId-000000000000" },
        streamName: { S: "999999999999:orders:1700000002" },
        shardId: { S: "shardId-000000000000" },
        leaseCounter: { N: "1" },
        checkpoint: { S: "AT_TIMESTAMP" },
      },
    ]);
    expect(t.shape).toBe("multi-stream");
    expect(t.leases[0]?.stream).toEqual({ account: "123456789012", streamName: "orders", creationEpoch: 1700000000 });
    expect(t.leases[0]?.shardId).toBe("shardId-000000000003");
    expect(streamsOfTable(t)).toEqual(["orders", "payments"]);
    expect(leasesOfStream(t, "orders").map((l) => l.shardId)).toEqual(["shardId-000000000003", "shardId-000000000000"]);
    expect(leasesOfStream(t, "orders", "123456789012").map((l) => l.leaseKey)).toEqual(["123456789012:orders:1700000000:shardId-000000000003"]);
  });

  it("reads KCL 3.x: throughputKBps, WorkerMetricStats (EMA of sts) and the CoordinatorState leader", () => {
    const t = parseLeaseTable(
      [
        {
          leaseKey: { S: "shardId-000000000000" },
          leaseOwner: { S: "w1" },
          leaseCounter: { N: "9" },
          checkpoint: { S: SEQ },
          throughputKBps: { N: "12.5" },
          entityType: { S: "LEASE" },
        },
      ],
      {
        workerMetrics: [
          {
            wid: { S: "w1" },
            lut: { N: "1764570000" },
            sts: { M: { CPU: { L: [{ N: "10" }, { N: "-1" }, { N: "20" }] } } },
            opr: { M: { CPU: { L: [{ N: "80" }] } } },
          },
          { wid: { S: "w2" }, lut: { N: "1764570001" }, sts: { M: { CPU: { L: [{ N: "50" }] } } } },
        ],
        coordinatorState: [
          { key: { S: "Leader" }, ownerName: { S: "w2" }, leaseDuration: { S: "20000" }, recordVersionNumber: { S: "abc" } },
          { key: { S: "Migration3.0" }, cv: { S: "CLIENT_VERSION_3x" } },
        ],
      },
    );
    expect(t.version).toBe("3.x");
    expect(t.leases[0]?.throughputKBps).toBe(12.5);
    // EMA, alpha 0.2, -1 skipped: 10 → 0.2·20 + 0.8·10 = 12.
    expect(t.workers).toEqual([
      { workerId: "w1", lastUpdateMs: 1764570000000, utilisation: { CPU: 12 }, operatingMax: { CPU: 80 } },
      { workerId: "w2", lastUpdateMs: 1764570001000, utilisation: { CPU: 50 }, operatingMax: {} },
    ]);
    expect(t.leader).toBe("w2");
  });

  it("reads KCL 3.5's single table: worker metrics and the leader as entities beside the leases", () => {
    const t = parseLeaseTable([
      { leaseKey: { S: "shardId-000000000000" }, leaseCounter: { N: "1" }, checkpoint: { S: SEQ }, entityType: { S: "LEASE" } },
      { leaseKey: { S: "w1" }, entityType: { S: "WORKER_METRIC_STATS" }, lut: { N: "1" }, sts: { M: { CPU: { L: [{ N: "30" }] } } } },
      { leaseKey: { S: "Leader" }, entityType: { S: "LEADER" }, ownerName: { S: "w1" } },
      { leaseKey: { S: "Migration3.0" }, entityType: { S: "CLIENT_VERSION_MIGRATION" } },
    ]);
    expect(t.leases.map((l) => l.leaseKey)).toEqual(["shardId-000000000000"]);
    expect(t.workers.map((w) => [w.workerId, w.utilisation])).toEqual([["w1", { CPU: 30 }]]);
    expect(t.leader).toBe("w1");
  });

  it("a released leader lock names no leader; items without a key are skipped", () => {
    const t = parseLeaseTable([{ leaseCounter: { N: "1" } } as DdbItem], {
      coordinatorState: [{ key: { S: "Leader" }, ownerName: { S: "w1" }, isReleased: { S: "1" } }],
    });
    expect(t.leader).toBeUndefined();
    expect(t.skipped).toBe(1);
  });
});

describe("helpers", () => {
  it("tells sequence numbers, sentinels and stream identifiers apart", () => {
    expect(isSequenceNumber(SEQ)).toBe(true);
    expect(isSequenceNumber("LATEST")).toBe(false);
    expect(isSentinel("AT_TIMESTAMP")).toBe(true);
    expect(isSentinel(SEQ)).toBe(false);
    expect(parseStreamIdentifier("orders")).toBeUndefined();
    expect(parseStreamIdentifier("1:a-b.c:2")).toEqual({ account: "1", streamName: "a-b.c", creationEpoch: 2 });
    expect(accountOfArn("arn:aws:kinesis:us-east-1:123456789012:stream/orders")).toBe("123456789012");
    expect(kclAverage([])).toBe(0);
  });
});
